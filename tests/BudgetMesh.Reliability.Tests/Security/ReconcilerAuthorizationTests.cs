using BudgetMesh.Contracts.Reconciler.V1;
using BudgetMesh.GrpcClients;
using BudgetMesh.Reliability.Tests.Harness;
using BudgetMesh.Testing;
using Google.Protobuf;
using Grpc.Core;

namespace BudgetMesh.Reliability.Tests.Security;

/// <summary>
/// Every Reconciler rpc × every kind of caller, on a real reconciled seed (district 500107): a report is readable by
/// whoever may read its submission, as Intake decides — operators and admins every one, a district system only its
/// own district's; no district ever sees another's findings.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class ReconcilerAuthorizationTests(PipelineFixture fixture)
{
    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var rpc in new[] { "GetReport", "ListFindings", "ExportReport" })
        {
            foreach (var caller in new[] { "anonymous", "malformed", "unknown", "revoked operator", "other district", "own district", "operator", "admin", "service" })
            {
                data.Add(rpc, caller);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task A_report_is_readable_only_by_operators_admins_services_and_its_own_district(string rpc, string caller)
    {
        var deployment = fixture.Deployment;
        var key = caller switch
        {
            "own district" => deployment.DistrictKeys[Seeds.Load(Seeds.Jiulongpo2025).Header.DistrictCode],
            "other district" => deployment.DistrictKeys[Seeds.Load(Seeds.Dadukou2025).Header.DistrictCode],
            _ => await Callers.KeyOfAsync(deployment, caller),
        };
        using var client = deployment.Client("Reconciler");
        var status = await StatusOfAsync(client, rpc, fixture.Seeded.SubmissionId.ToString(), key);

        var expected = caller switch
        {
            "anonymous" or "malformed" or "unknown" or "revoked operator" => StatusCode.Unauthenticated,
            "other district" => StatusCode.PermissionDenied,
            _ => StatusCode.OK,
        };
        Assert.Equal(expected, status);
        Measurements.Record("Authorization matrix: Reconciler", "3 rpcs × 9 callers on a reconciled seed",
            "pass", "anonymous/malformed/unknown/revoked → UNAUTHENTICATED, another district's key → PERMISSION_DENIED, own district/operator/admin/service → OK");
    }

    private static async Task<StatusCode> StatusOfAsync(GrpcPeerChannel channel, string rpc, string submissionId, string? key)
    {
        var client = new ReconcilerService.ReconcilerServiceClient(channel.CallInvoker);
        var call = Callers.Call(key);
        try
        {
            _ = rpc switch
            {
                "GetReport" => (IMessage)await client.GetReportAsync(new GetReportRequest { SubmissionId = submissionId }, call),
                "ListFindings" => await client.ListFindingsAsync(new ListFindingsRequest { SubmissionId = submissionId }, call),
                "ExportReport" => await client.ExportReportAsync(new ExportReportRequest { SubmissionId = submissionId, Format = ExportFormat.Sarif }, call),
                _ => throw new ArgumentOutOfRangeException(nameof(rpc)),
            };
            return StatusCode.OK;
        }
        catch (RpcException ex)
        {
            return ex.StatusCode;
        }
    }
}
