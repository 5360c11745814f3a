using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Testing;
using Grpc.Core;
using Npgsql;

namespace BudgetMesh.Reliability.Tests.Harness;

/// <summary>An acknowledged submission: the district system holds this receipt, so the package must not be lost.</summary>
internal sealed record Acknowledged(Guid SubmissionId, int Revision, string ContentHash);

/// <summary>What a scenario counts at the end. Every "lost" and "duplicate" figure must be 0.</summary>
internal sealed record Outcome(int Acknowledged, int Reconciled, int Lost, long DuplicateReports, long DuplicateReconciledEvents, long DuplicateStatusChanges, int SubmitRetries, TimeSpan Elapsed)
{
    public long Duplicates => DuplicateReports + DuplicateReconciledEvents + DuplicateStatusChanges;
}

/// <summary>
/// Load as district systems produce it: distinct packages (the seed with a department code of its own each), sent
/// concurrently, each retried by the "district system" until Intake acknowledges it with a receipt.
/// </summary>
internal sealed class Load(Deployment deployment, string scenarioPrefix)
{
    private readonly ConcurrentBag<Acknowledged> _acknowledged = [];
    private int _retries;
    private int _sent;

    public IReadOnlyCollection<Acknowledged> AcknowledgedSoFar => _acknowledged;

    public int Sent => _sent;

    /// <summary>Submits <paramref name="count"/> packages with <paramref name="parallelism"/> systems at once.</summary>
    public async Task SubmitAsync(int count, int parallelism = 4, CancellationToken cancellationToken = default)
    {
        var seed = Seeds.Load(Seeds.Jiulongpo2025);
        var key = deployment.DistrictKeys[seed.Header.DistrictCode];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var package = seed.Clone();
            package.Header.DepartmentCode = scenarioPrefix + i.ToString("D5", CultureInfo.InvariantCulture);
            // A unit of its own too, as real departments have: the website files a disclosure under its unit.
            package.Header.UnitCode = package.Header.DepartmentCode + "001";
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
            while (true)
            {
                try
                {
                    using var channel = deployment.Client("Intake");
                    var response = await new IntakeService.IntakeServiceClient(channel.CallInvoker).SubmitPackageAsync(
                        new SubmitPackageRequest { Package = package }, Deployment.Call(key, TimeSpan.FromSeconds(15)));
                    _acknowledged.Add(new Acknowledged(Guid.Parse(response.Receipt.SubmissionId), response.Receipt.Revision, response.Receipt.ContentHash));
                    Interlocked.Increment(ref _sent);
                    return;
                }
                catch (Exception ex) when (IsTransient(ex) && DateTime.UtcNow < deadline)
                {
                    // A district system retries what was not acknowledged; Intake answers the same receipt for the same content.
                    Interlocked.Increment(ref _retries);
                    await Task.Delay(300, ct);
                }
            }
        });
    }

    /// <summary>Waits until every acknowledged revision is reconciled (or <paramref name="patience"/> ends), then counts.</summary>
    public async Task<Outcome> SettleAndCountAsync(TimeSpan patience, Stopwatch started)
    {
        var ids = _acknowledged.Select(a => a.SubmissionId).Distinct().ToArray();
        var deadline = DateTime.UtcNow + patience;
        var reconciled = 0;
        while (true)
        {
            try
            {
                reconciled = (int)await CountAsync("SELECT count(*) FROM intake.revisions WHERE submission_id = ANY($1) AND status LIKE 'reconciled%'", ids);
            }
            catch (NpgsqlException)
            {
                // PostgreSQL may still be coming back.
            }

            if (reconciled >= _acknowledged.Count || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(500);
        }

        var elapsed = started.Elapsed;
        // Settle a moment longer so that a late duplicate would still be counted.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var duplicateReports = await CountAsync("SELECT count(*) - count(DISTINCT (submission_id, revision)) FROM reconciler.reports WHERE submission_id = ANY($1)", ids);
        var duplicateEvents = await CountAsync("""
            SELECT count(*) - count(DISTINCT (payload->>'submissionId', payload->>'revision')) FROM reconciler.outbox_messages
            WHERE message_urn LIKE '%budget-reconciled%' AND (payload->>'submissionId')::uuid = ANY($1)
            """, ids);
        var duplicateStatus = await CountAsync("""
            SELECT count(*) - count(DISTINCT (submission_id, revision)) FROM intake.status_history
            WHERE submission_id = ANY($1) AND status LIKE 'reconciled%'
            """, ids);
        return new Outcome(_acknowledged.Count, reconciled, _acknowledged.Count - reconciled, duplicateReports, duplicateEvents, duplicateStatus, _retries, elapsed);
    }

    public async Task<long> CountAsync(string sql, Guid[] ids)
    {
        var builder = new NpgsqlConnectionStringBuilder(deployment.ConnectionString) { Pooling = false };
        await using var db = new NpgsqlConnection(builder.ConnectionString);
        await db.OpenAsync();
#pragma warning disable CA2100 // Test-owned constant SQL.
        await using var command = new NpgsqlCommand(sql, db);
#pragma warning restore CA2100
        command.Parameters.AddWithValue(ids);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static bool IsTransient(Exception ex) => ex switch
    {
        RpcException g => g.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown or StatusCode.Aborted or StatusCode.Cancelled,
        HttpRequestException or IOException or TaskCanceledException or OperationCanceledException => true,
        _ => false,
    };
}
