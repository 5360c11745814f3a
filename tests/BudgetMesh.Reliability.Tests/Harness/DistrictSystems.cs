using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Reliability.Tests.Counting;
using BudgetMesh.Testing;
using Grpc.Core;
using BudgetMesh.GrpcClients;
using Npgsql;

namespace BudgetMesh.Reliability.Tests.Harness;

/// <summary>
/// Four district systems (四个区县的预算一体化系统), each with its own district key, submitting their departments'
/// packages at once through the project's gRPC client (BudgetMesh.GrpcClients), round-robin over every Intake replica, and an operator approving
/// what is reconciled so that Publication puts it on the website. Every tenth package is sent again with a changed
/// unit name once its first revision is approved: a second revision that supersedes the first, so a revision's
/// life and the website's order are exercised, not only its first steps. A district system retries a submission
/// until it holds a receipt, as a real one does; the operator retries an approval the same way.
/// </summary>
internal sealed class DistrictSystems(IReadOnlyList<Uri> intake, string adminKey, string connectionString, string departmentPrefix) : IDisposable
{
    /// <summary>The districts: two the seeds belong to and two more with the same package under their own code and name.</summary>
    private static readonly (string Code, string Name, string Seed)[] Districts =
    [
        ("500107", "重庆市九龙坡区", Seeds.Jiulongpo2025),
        ("500104", "重庆市大渡口区", Seeds.Dadukou2025),
        ("500103", "重庆市渝中区", Seeds.Jiulongpo2025),
        ("500105", "重庆市江北区", Seeds.Dadukou2025),
    ];

    private static readonly TimeSpan Persistence = TimeSpan.FromMinutes(10);
    // The project's client: round-robin across the replicas, a replica that goes away drops out of the rotation.
    private readonly GrpcPeerChannel _channel = new(PeerAddress.Parse(string.Join(',', intake.Select(a => a.ToString().TrimEnd('/'))), "Intake"));
    private readonly ConcurrentBag<HeldReceipt> _receipts = [];
    private readonly ConcurrentDictionary<(Guid, int), byte> _approved = new();
    private int _sent;
    private int _retries;

    public string DepartmentPrefix => departmentPrefix;

    /// <summary>Receipts held so far (revisions 1 and 2).</summary>
    public int Sent => _sent;

    /// <summary>Calls tried again after a transient failure (submissions and approvals).</summary>
    public int Retries => _retries;

    public IReadOnlyList<HeldReceipt> Receipts => [.. _receipts];

    /// <summary>
    /// Runs the four systems with <paramref name="packages"/> first revisions between them (plus a second revision of
    /// every tenth) and the operator, until every latest revision is approved.
    /// </summary>
    public async Task RunAsync(int packages, CancellationToken cancellationToken = default)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var district in Districts)
        {
            keys[district.Code] = await CreateKeyAsync(KeyKind.District, district.Code, $"{district.Name}预算一体化系统", cancellationToken);
        }

        var operatorKey = await CreateKeyAsync(KeyKind.Operator, string.Empty, "故障测试审核员", cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var expected = packages + (packages + 9) / 10;
        var systems = Districts.Select((district, d) => SystemAsync(district, keys[district.Code], Enumerable.Range(0, packages).Where(i => i % Districts.Length == d), stop.Token)).ToList();
        var operating = OperatorAsync(operatorKey, expected, stop.Token);
        try
        {
            await Task.WhenAll(systems);
            await operating;
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    public void Dispose() => _channel.Dispose();

    /// <summary>Waits until every latest revision is published and on the website's index, or <paramref name="patience"/> ends.</summary>
    public async Task<TimeSpan> SettleAsync(string websiteRoot, TimeSpan patience)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < patience)
        {
            try
            {
                var evidence = await EvidenceReader.ReadAsync(connectionString, websiteRoot, departmentPrefix, Receipts);
                var tally = Tally.Of(evidence);
                if (tally.NotReconciled == 0 && tally.NotPublished == 0 && tally.NotStored == 0)
                {
                    return waited.Elapsed;
                }
            }
            catch (NpgsqlException)
            {
                // The database may be failing over.
            }

            await Task.Delay(1000);
        }

        return waited.Elapsed;
    }

    private async Task SystemAsync((string Code, string Name, string Seed) district, string key, IEnumerable<int> numbers, CancellationToken cancellationToken)
    {
        var seed = Seeds.Load(district.Seed);
        var client = new IntakeService.IntakeServiceClient(_channel.CallInvoker);
        var again = new List<(BudgetPackage Package, HeldReceipt First)>();
        foreach (var i in numbers)
        {
            var package = seed.Clone();
            package.Header.DistrictCode = district.Code;
            package.Header.DistrictName = district.Name;
            package.Header.DepartmentCode = departmentPrefix + i.ToString("D5", CultureInfo.InvariantCulture);
            // A unit of its own, as real departments have: the website files a disclosure under its unit.
            package.Header.UnitCode = package.Header.DepartmentCode + "001";
            package.Header.UnitName = UnitName(seed, 1);
            var receipt = await SubmitAsync(client, key, package, cancellationToken);
            if (i % 10 == 0)
            {
                again.Add((package, receipt));
            }

            await ResubmitApprovedAsync(client, key, again, cancellationToken);
        }

        while (again.Count > 0)
        {
            await Task.Delay(250, cancellationToken);
            await ResubmitApprovedAsync(client, key, again, cancellationToken);
        }
    }

    /// <summary>Sends the second revision of every package in <paramref name="waiting"/> whose first an operator approved.</summary>
    private async Task ResubmitApprovedAsync(IntakeService.IntakeServiceClient client, string key, List<(BudgetPackage Package, HeldReceipt First)> waiting, CancellationToken cancellationToken)
    {
        foreach (var (package, first) in waiting.Where(w => _approved.ContainsKey((w.First.SubmissionId, w.First.Revision))).ToList())
        {
            var second = package.Clone();
            second.Header.UnitName = UnitName(package, 2);
            second.Header.Revision = 2;
            await SubmitAsync(client, key, second, cancellationToken);
            waiting.Remove((package, first));
        }
    }

    private async Task<HeldReceipt> SubmitAsync(IntakeService.IntakeServiceClient client, string key, BudgetPackage package, CancellationToken cancellationToken)
    {
        var response = await PersistAsync(() => client.SubmitPackageAsync(new SubmitPackageRequest { Package = package }, Call(key, cancellationToken)).ResponseAsync, cancellationToken);
        var receipt = new HeldReceipt(Guid.Parse(response.Receipt.SubmissionId), response.Receipt.Revision, response.Receipt.ContentHash);
        _receipts.Add(receipt);
        Interlocked.Increment(ref _sent);
        return receipt;
    }

    /// <summary>
    /// The operator: approves every reconciled latest revision of this load (with a reason, as findings may be
    /// open), until <paramref name="expected"/> revisions are approved. What is waiting is read from Intake's table,
    /// as the console's list shows it.
    /// </summary>
    private async Task OperatorAsync(string key, int expected, CancellationToken cancellationToken)
    {
        var client = new IntakeService.IntakeServiceClient(_channel.CallInvoker);
        while (_approved.Count < expected)
        {
            List<(Guid Id, int Revision, string Hash)> waiting;
            try
            {
                waiting = await ReconciledLatestAsync(cancellationToken);
            }
            catch (NpgsqlException)
            {
                await Task.Delay(500, cancellationToken);
                continue;
            }

            foreach (var (id, revision, hash) in waiting)
            {
                try
                {
                    await PersistAsync(() => client.ApproveRevisionAsync(new ApproveRevisionRequest
                    {
                        SubmissionId = id.ToString(), Revision = revision, ContentHash = hash, OverrideReason = "故障测试：批准以便公开", Comment = "故障测试",
                    }, Call(key, cancellationToken)).ResponseAsync, cancellationToken);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
                {
                    // A retried approval that the first attempt had already made, or a revision superseded meanwhile:
                    // the table read next tells which.
                    continue;
                }

                _approved.TryAdd((id, revision), 0);
            }

            foreach (var done in await ApprovedAsync(cancellationToken))
            {
                _approved.TryAdd(done, 0);
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private async Task<List<(Guid, int, string)>> ReconciledLatestAsync(CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT r.submission_id, r.revision, r.content_hash FROM intake.revisions r JOIN intake.submissions s ON s.id = r.submission_id
            WHERE s.department_code LIKE $1 || '%' AND r.revision = s.latest_revision AND r.status LIKE 'reconciled%'
            """, db);
        command.Parameters.AddWithValue(departmentPrefix);
        var rows = new List<(Guid, int, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetGuid(0), reader.GetInt32(1), reader.GetString(2)));
        }

        return rows;
    }

    private async Task<List<(Guid, int)>> ApprovedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("""
                SELECT DISTINCT h.submission_id, h.revision FROM intake.status_history h JOIN intake.submissions s ON s.id = h.submission_id
                WHERE s.department_code LIKE $1 || '%' AND h.status = 'approved'
                """, db);
            command.Parameters.AddWithValue(departmentPrefix);
            var rows = new List<(Guid, int)>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetGuid(0), reader.GetInt32(1)));
            }

            return rows;
        }
        catch (NpgsqlException)
        {
            return [];
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await db.OpenAsync(cancellationToken);
        return db;
    }

    private async Task<string> CreateKeyAsync(KeyKind kind, string district, string name, CancellationToken cancellationToken)
    {
        var keys = new KeyService.KeyServiceClient(_channel.CallInvoker);
        var response = await PersistAsync(() => keys.CreateKeyAsync(new CreateKeyRequest { Kind = kind, DistrictCode = district, Name = name }, Call(adminKey, cancellationToken)).ResponseAsync, cancellationToken);
        return response.Secret;
    }

    private async Task<T> PersistAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Persistence;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RpcException ex) when (Transient(ex.StatusCode) && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            {
                // Intake answers a repeated submission of the same content with the same receipt.
                Interlocked.Increment(ref _retries);
                await Task.Delay(300, cancellationToken);
            }
        }
    }

    private static bool Transient(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown or StatusCode.Aborted or StatusCode.Cancelled;

    private static string UnitName(BudgetPackage seed, int submission) =>
        string.Create(CultureInfo.InvariantCulture, $"{seed.Header.UnitName.Split('（')[0]}（第{submission}次报送）");

    private static CallOptions Call(string key, CancellationToken cancellationToken) =>
        new(new Metadata { { "authorization", $"Bearer {key}" } }, DateTime.UtcNow.AddSeconds(15), cancellationToken);
}
