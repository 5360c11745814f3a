using BudgetMesh.Contracts.Publication.V1;
using BudgetMesh.GrpcClients;
using BudgetMesh.Reliability.Tests.Harness;
using Google.Protobuf;
using Grpc.Core;

namespace BudgetMesh.Reliability.Tests.Security;

/// <summary>
/// Every Publication rpc × every kind of caller. Intake's own matrix is tests/BudgetMesh.Intake.Tests/
/// AuthorizationMatrixTests.cs and the console's actions are covered by tests/BudgetMesh.Console.Tests/SecurityTests.cs;
/// this is the service that checks keys through Intake, over the wire, in its deployed form.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class PublicationAuthorizationTests(PipelineFixture fixture)
{
    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var rpc in new[] { "ListPublications", "GetPublication", "RetractPublication", "RepublishPublication" })
        {
            foreach (var caller in new[] { "anonymous", "malformed", "unknown", "revoked operator", "district", "operator", "admin", "service" })
            {
                data.Add(rpc, caller);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task A_publication_rpc_admits_only_operators_and_admins(string rpc, string caller)
    {
        var key = await Callers.KeyOfAsync(fixture.Deployment, caller);
        using var client = fixture.Deployment.Client("Publication");
        var status = await StatusOfAsync(client, rpc, key);

        var expected = caller switch
        {
            "anonymous" or "malformed" or "unknown" or "revoked operator" => [StatusCode.Unauthenticated],
            "district" or "service" => [StatusCode.PermissionDenied],
            // Past the check the request itself is judged: an unknown submission, a retraction of nothing.
            _ => new[] { StatusCode.OK, StatusCode.NotFound, StatusCode.FailedPrecondition, StatusCode.InvalidArgument },
        };
        Assert.Contains(status, expected);
        Measurements.Record("Authorization matrix: Publication", "4 rpcs × 8 callers (anonymous, malformed, unknown, revoked operator, district, operator, admin, service)",
            "pass", "anonymous/malformed/unknown/revoked → UNAUTHENTICATED, district/service → PERMISSION_DENIED, operator/admin admitted (OK or NOT_FOUND for unknown ids)");
    }

    private static async Task<StatusCode> StatusOfAsync(GrpcPeerChannel channel, string rpc, string? key)
    {
        var client = new PublicationService.PublicationServiceClient(channel.CallInvoker);
        var id = Guid.NewGuid().ToString();
        var call = Callers.Call(key);
        try
        {
            _ = rpc switch
            {
                "ListPublications" => (IMessage)await client.ListPublicationsAsync(new ListPublicationsRequest(), call),
                "GetPublication" => await client.GetPublicationAsync(new GetPublicationRequest { SubmissionId = id }, call),
                "RetractPublication" => await client.RetractPublicationAsync(new RetractPublicationRequest { SubmissionId = id, Reason = "测试" }, call),
                "RepublishPublication" => await client.RepublishPublicationAsync(new RepublishPublicationRequest { SubmissionId = id }, call),
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
