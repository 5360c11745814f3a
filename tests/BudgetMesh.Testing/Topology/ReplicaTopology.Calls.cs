using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Publication.V1;
using Grpc.Core;

namespace BudgetMesh.Testing.Topology;

/// <summary>The calls a test makes on the topology, each balanced across the replicas of the service it goes to.</summary>
public sealed partial class ReplicaTopology
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public IntakeService.IntakeServiceClient Intake => new(Channel("Intake").CallInvoker);

    public PublicationService.PublicationServiceClient Publication => new(Channel("Publication").CallInvoker);

    /// <summary>Call options with <paramref name="key"/> as the bearer and a deadline.</summary>
    public static CallOptions Call(string key, TimeSpan? timeout = null) =>
        new(new Metadata { { "authorization", $"Bearer {key}" } }, DateTime.UtcNow + (timeout ?? CallTimeout));

    /// <summary>Submits <paramref name="package"/> with its district's key.</summary>
    public async Task<Receipt> SubmitAsync(BudgetPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        return (await Intake.SubmitPackageAsync(new SubmitPackageRequest { Package = package }, Call(DistrictKeys[package.Header.DistrictCode]))).Receipt;
    }

    /// <summary>Polls Intake until the submission's latest revision has a status <paramref name="reached"/> accepts.</summary>
    public async Task<SubmissionStatus> WaitForStatusAsync(string submissionId, Func<SubmissionStatus, bool> reached, TimeSpan patience)
    {
        ArgumentNullException.ThrowIfNull(reached);
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var status = (await Intake.GetSubmissionAsync(new GetSubmissionRequest { SubmissionId = submissionId }, Call(OperatorKey))).Receipt.Status;
            if (reached(status))
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{submissionId} is still {status} after {patience}.\n{Logs()}");
            }

            await Task.Delay(100);
        }
    }

    public async Task<ApproveRevisionResponse> ApproveAsync(Receipt receipt, string? overrideReason = null)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return await Intake.ApproveRevisionAsync(new ApproveRevisionRequest
        {
            SubmissionId = receipt.SubmissionId,
            Revision = receipt.Revision,
            ContentHash = receipt.ContentHash,
            OverrideReason = overrideReason ?? string.Empty,
            Comment = "副本拓扑测试批准",
        }, Call(OperatorKey));
    }

    /// <summary>Polls Publication until the submission's publication is on the website.</summary>
    public async Task<Contracts.Publication.V1.Publication> WaitUntilPublishedAsync(string submissionId, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        Contracts.Publication.V1.Publication? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = (await Publication.GetPublicationAsync(new GetPublicationRequest { SubmissionId = submissionId }, Call(OperatorKey))).Publication;
                if (last.State == PublicationState.Published)
                {
                    return last;
                }
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{submissionId} was not published within {patience}; last seen: {last}\n{Logs()}");
    }

    private async Task CreateKeysAsync()
    {
        var keys = new KeyService.KeyServiceClient(Channel("Intake").CallInvoker);
        async Task<string> CreateAsync(KeyKind kind, string district, string name) =>
            (await keys.CreateKeyAsync(new CreateKeyRequest { Kind = kind, DistrictCode = district, Name = name }, Call(AdminKey))).Secret;

        OperatorKey = await CreateAsync(KeyKind.Operator, string.Empty, "副本拓扑测试审核员");
        ReconcilerKey = await CreateAsync(KeyKind.Service, string.Empty, "对账服务");
        PublicationKey = await CreateAsync(KeyKind.Service, string.Empty, "公开服务");
        foreach (var district in Seeds.Districts())
        {
            DistrictKeys[district] = await CreateAsync(KeyKind.District, district, $"{district} 一体化系统");
        }
    }
}
