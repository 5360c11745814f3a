using BudgetMesh.Callers;
using BudgetMesh.Contracts.Performance.V1;
using BudgetMesh.Grpc;
using BudgetMesh.PerformanceTargets.Rules;

namespace BudgetMesh.PerformanceTargets.Checking;

/// <summary>The gRPC face of the 绩效 rules: operators only (the reconciler's key); refuse what no package looks like, map, run, map back.</summary>
internal sealed class PerformanceTargetsGrpcService(OperatorGate gate)
{
    public async Task<CheckTargetsResponse> CheckTargets(CheckTargetsRequest request, ServerCallContext context)
    {
        await gate.RequireOperatorAsync(context);
        var violations = RequestMapping.Validate(request);
        if (violations.Count > 0)
        {
            throw GrpcStatusException.InvalidArgument("请求不完整或超出上限，未检查绩效目标。", [.. violations]);
        }

        var results = TargetsChecker.Check(RequestMapping.ToInput(request));
        var response = new CheckTargetsResponse();
        response.Results.AddRange(results);
        return response;
    }
}
