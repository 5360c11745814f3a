using BudgetMesh.ServiceDefaults.Grpc;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.Reconciler.Reports;

/// <summary>
/// A report is readable by whoever may read its submission (ADR 0007): before the method runs, the request's
/// `submission_id` and the caller's key go to Intake through <see cref="ReportAccess"/>, whose answer admits the call
/// or is the status the caller gets. One question to Intake checks the key and the access at once.
/// </summary>
internal sealed class SubmissionReaderAttribute : CallerPolicyAttribute
{
    public override async ValueTask AdmitAsync(ServerCallContext context, IMessage? request)
    {
        ArgumentNullException.ThrowIfNull(context);
        var field = request?.Descriptor.FindFieldByName("submission_id")
            ?? throw new InvalidOperationException($"{context.Method} has no submission_id to decide access by.");
        if (!Guid.TryParse(field.Accessor.GetValue(request) as string, out var submissionId))
        {
            throw RpcErrors.InvalidArgument("报送编号无效。", ("submission_id", "须为UUID"));
        }

        var access = context.GetHttpContext().RequestServices.GetRequiredService<ReportAccess>();
        await access.RequireReadableAsync(context.RequestHeaders.GetValue("authorization"), submissionId, context.CancellationToken);
    }
}
