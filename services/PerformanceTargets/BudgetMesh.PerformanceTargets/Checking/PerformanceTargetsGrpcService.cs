using BudgetMesh.Callers;
using BudgetMesh.Contracts.Performance.V1;
using BudgetMesh.ServiceDefaults.Grpc;
using Grpc.Core;
using BudgetMesh.PerformanceTargets.Rules;

namespace BudgetMesh.PerformanceTargets.Checking;

/// <summary>The gRPC face of the 绩效 rules: operators and the reconciler's service key; refuse what no package looks like, map, run, map back.</summary>
internal sealed class PerformanceTargetsGrpcService : PerformanceTargetsService.PerformanceTargetsServiceBase
{
    [RequiresKey(KeyRole.OperatorOrService)]
    public override Task<CheckTargetsResponse> CheckTargets(CheckTargetsRequest request, ServerCallContext context)
    {
        var violations = RequestMapping.Validate(request);
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument("请求不完整或超出上限，未检查绩效目标。", [.. violations]);
        }

        var results = TargetsChecker.Check(RequestMapping.ToInput(request));
        var response = new CheckTargetsResponse();
        response.Results.AddRange(results);
        return Task.FromResult(response);
    }
}
