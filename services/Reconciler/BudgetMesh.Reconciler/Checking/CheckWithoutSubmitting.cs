using BudgetMesh.Contracts.Reconciler.V1;
using BudgetMesh.GrpcClients;
using BudgetMesh.Reconciler.Reconciliation;
using BudgetMesh.ServiceDefaults.Grpc;
using Grpc.Core;

namespace BudgetMesh.Reconciler.Checking;

/// <summary>
/// CheckPackage: the whole checking pipeline on a package that is not submitted, answered and forgotten. It writes
/// nothing (no report row, no event) and gives the 三公 service no submission, so no figures are recorded there.
/// Who may check which package is decided before, by the rpc (ReconcilerGrpcService.CheckPackage).
/// </summary>
internal sealed class CheckWithoutSubmitting(CheckingPipeline pipeline, TimeProvider time)
{
    public async Task<CheckPackageResponse> HandleAsync(CheckPackageRequest request, CancellationToken cancellationToken)
    {
        var violations = CheckingPipeline.Validate(request.Package);
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument("预算包无法校核。", [.. violations]);
        }

        try
        {
            return new CheckPackageResponse { Report = await pipeline.CheckAsync(request.Package!, ReportSubject.Unsubmitted(time.GetUtcNow()), cancellationToken) };
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument)
        {
            throw RpcErrors.InvalidArgument($"规则服务认为预算包无效：{ex.Status.Detail}", [.. ex.FieldViolations().Select(v => ("package." + v.Field, v.Description))]);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
        {
            // A deliberate answer about this package (e.g. no classification catalog for its year): retrying will not
            // help, so it is not UNAVAILABLE.
            throw RpcErrors.Status(StatusCode.FailedPrecondition, $"规则服务无法校核该预算包：{ex.Status.Detail}");
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled)
        {
            // Nothing is reported in part: a rule service that did not answer fails the whole check.
            throw RpcErrors.Status(StatusCode.Unavailable, $"规则服务暂时无法校核（gRPC 状态码 {(int)ex.StatusCode}）：{ex.Status.Detail}");
        }
    }
}
