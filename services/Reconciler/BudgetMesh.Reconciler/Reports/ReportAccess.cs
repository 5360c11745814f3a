using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.ServiceDefaults.Grpc;
using Grpc.Core;
using Grpc.Net.ClientFactory;

namespace BudgetMesh.Reconciler.Reports;

/// <summary>
/// Who may read a report: whoever may read its submission. Intake owns the keys and knows each submission's
/// district, so the reconciler keeps neither; it forwards the caller's `authorization` to Intake's GetSubmission
/// (without the package) and takes Intake's answer — UNAUTHENTICATED for a missing, wrong or revoked key,
/// PERMISSION_DENIED for another district's key, NOT_FOUND for a submission Intake does not know. Operators and
/// admins read every report, a district system only its own district's.
/// </summary>
internal sealed class ReportAccess(GrpcClientFactory clients)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    /// <summary>Throws the status the caller gets unless its key may read <paramref name="submissionId"/>.</summary>
    public async Task RequireReadableAsync(string? authorization, Guid submissionId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            throw RpcErrors.Status(StatusCode.Unauthenticated, "缺少有效的API密钥");
        }

        try
        {
            // The Reconciler's own typed client of Intake (peer "intake"), made per use: this class is a singleton.
            await clients.CreateClient<IntakeService.IntakeServiceClient>(nameof(IntakeService.IntakeServiceClient)).GetSubmissionAsync(
                new GetSubmissionRequest { SubmissionId = submissionId.ToString(), IncludePackage = false },
                new CallOptions(new Metadata { { "authorization", authorization } }, DateTime.UtcNow + Deadline, cancellationToken));
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.NotFound)
        {
            throw RpcErrors.Status(ex.StatusCode, ex.Status.Detail);
        }
        catch (RpcException ex)
        {
            throw RpcErrors.Status(StatusCode.Unavailable, $"无法向受理服务核实密钥（gRPC 状态码 {(int)ex.StatusCode}）");
        }
    }
}
