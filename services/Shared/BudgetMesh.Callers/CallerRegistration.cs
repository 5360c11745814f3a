using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.ServiceDefaults.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BudgetMesh.Callers;

public static class CallerRegistration
{
    /// <summary>
    /// Verifies callers with Intake (BUDGETMESH_INTAKE_URL, default the local port 5101), trusting an answer for
    /// <paramref name="trustFor"/>: what <see cref="RequiresKeyAttribute"/> asks. Tests may register another
    /// <see cref="ICallerVerifier"/> first.
    /// </summary>
    public static WebApplicationBuilder AddCallerVerification(this WebApplicationBuilder builder, TimeSpan trustFor)
    {
        builder.AddGrpcPeer<KeyService.KeyServiceClient>(CallerVerification.IntakePeer, "http://127.0.0.1:5101");
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(new CallerVerification(trustFor));
        builder.Services.TryAddSingleton<ICallerVerifier, IntakeCallerVerifier>();
        return builder;
    }
}
