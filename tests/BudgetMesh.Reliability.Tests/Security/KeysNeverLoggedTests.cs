using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Publication.V1;
using BudgetMesh.Reliability.Tests.Harness;
using Grpc.Core;

namespace BudgetMesh.Reliability.Tests.Security;

/// <summary>
/// A full flow — keys created, packages submitted, reconciled, approved, published, refused callers — with every
/// service's output captured to files at Information level, then a grep for every key: the whole key and its
/// secret part. The key id (the public part) may appear; the secret never.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class KeysNeverLoggedTests(PipelineFixture fixture)
{
    [Fact]
    public async Task After_a_full_flow_no_service_log_contains_any_key_or_its_secret()
    {
        var deployment = fixture.Deployment;
        var seeded = fixture.Seeded;
        var refusedKey = "bm_intruder_" + new string('W', 43);
        using (var channel = deployment.Client("Intake"))
        {
            await new IntakeService.IntakeServiceClient(channel.CallInvoker).ApproveRevisionAsync(
                new ApproveRevisionRequest { SubmissionId = seeded.SubmissionId.ToString(), Revision = seeded.Revision, ContentHash = seeded.ContentHash, OverrideReason = "可靠性测试：密钥不入日志", Comment = "可靠性测试" },
                Deployment.Call(deployment.OperatorKey));
            await Assert.ThrowsAsync<RpcException>(() => new KeyService.KeyServiceClient(channel.CallInvoker).DescribeCallerAsync(
                new DescribeCallerRequest(), Deployment.Call(refusedKey)).ResponseAsync);
        }

        using (var channel = deployment.Client("Publication"))
        {
            var publication = new PublicationService.PublicationServiceClient(channel.CallInvoker);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (true)
            {
                try
                {
                    var found = await publication.GetPublicationAsync(
                        new GetPublicationRequest { SubmissionId = seeded.SubmissionId.ToString() }, Deployment.Call(deployment.OperatorKey));
                    if (found.Publication.State == PublicationState.Published)
                    {
                        break;
                    }
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound && DateTime.UtcNow < deadline)
                {
                }

                Assert.True(DateTime.UtcNow < deadline, "the approved revision was not published within a minute");
                await Task.Delay(500);
            }

            await Assert.ThrowsAsync<RpcException>(() => publication.ListPublicationsAsync(
                new ListPublicationsRequest(), Deployment.Call(refusedKey)).ResponseAsync);
        }

        await Task.Delay(1000);
        var logs = Directory.GetFiles(deployment.LogDirectory, "*.log");
        Assert.Equal(Deployment.PipelineServices.Length, logs.Length);
        Assert.All(logs, log => Assert.True(new FileInfo(log).Length > 0, $"{log} is empty: the grep would prove nothing"));
        var hits = new List<string>();
        foreach (var key in deployment.AllKeys.Append(refusedKey))
        {
            var secret = key[(key.IndexOf('_', 3) + 1)..];
            foreach (var log in logs)
            {
                var text = await ReadSharedAsync(log);
                if (text.Contains(key, StringComparison.Ordinal) || text.Contains(secret, StringComparison.Ordinal))
                {
                    hits.Add($"{Path.GetFileName(log)} contains the secret of {key[..key.IndexOf('_', 3)]}");
                }
            }
        }

        var bytes = logs.Sum(l => new FileInfo(l).Length);
        Measurements.Record("Keys never logged", $"{deployment.AllKeys.Count() + 1} keys, {logs.Length} service logs, {bytes / 1024} KiB at Information level",
            hits.Count == 0 ? "pass" : "FAIL", $"hits for whole key or secret part: {hits.Count}");
        Assert.Empty(hits);
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
