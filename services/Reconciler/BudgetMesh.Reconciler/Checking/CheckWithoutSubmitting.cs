using BudgetMesh.Contracts.Reconciler.V1;
using BudgetMesh.Grpc;
using BudgetMesh.Reconciler.Reconciliation;

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
            throw GrpcStatusException.InvalidArgument("预算包无法校核。", [.. violations]);
        }

        try
        {
            return new CheckPackageResponse { Report = await pipeline.CheckAsync(request.Package!, ReportSubject.Unsubmitted(time.GetUtcNow()), cancellationToken) };
        }
        catch (GrpcStatusException ex) when (ex.StatusCode == StatusCode.InvalidArgument)
        {
            throw GrpcStatusException.InvalidArgument($"规则服务认为预算包无效：{ex.Detail}", [.. ex.FieldViolations.Select(v => ("package." + v.Field, v.Description))]);
        }
        catch (GrpcStatusException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
        {
            // A deliberate answer about this package (e.g. no classification catalog for its year): retrying will not
            // help, so it is not UNAVAILABLE.
            throw new GrpcStatusException(StatusCode.FailedPrecondition, $"规则服务无法校核该预算包：{ex.Detail}");
        }
        catch (GrpcStatusException ex) when (ex.StatusCode != StatusCode.Cancelled)
        {
            // Nothing is reported in part: a rule service that did not answer fails the whole check.
            throw new GrpcStatusException(StatusCode.Unavailable, $"规则服务暂时无法校核（{ex.StatusCode}）：{ex.Detail}");
        }
    }
}
