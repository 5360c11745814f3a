using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Grpc;
using Google.Protobuf.Reflection;

namespace BudgetMesh.Bench;

/// <summary>Intake as a district system and an administrator see it: keys, and submissions with each district's own key.</summary>
internal sealed class IntakeApi : IDisposable
{
    /// <summary>The bootstrap administrator key the bench hands to its Intake (BUDGETMESH_BOOTSTRAP_ADMIN_KEY).</summary>
    public static readonly string AdminKey = "bm_benchadmin_" + new string('B', 43);

    private static readonly ServiceDescriptor Intake = IntakeReflection.Descriptor.Services[0];
    private static readonly ServiceDescriptor Keys = IntakeReflection.Descriptor.Services[1];
    private static readonly MethodDescriptor Submit = Intake.FindMethodByName("SubmitPackage");
    private readonly Dictionary<string, CallOptions> _districtCalls = new(StringComparer.Ordinal);

    public IntakeApi(Uri address)
    {
        // No retries: a refused submission must show up as a failure, not as a slower success.
        Client = new GrpcClient(new GrpcClientOptions { Address = address, MaxRetryAttempts = 0 });
    }

    public GrpcClient Client { get; }

    /// <summary>Creates the keys (retrying while Intake finishes starting) and returns the operator key for the reconciler.</summary>
    public async Task<string> CreateKeysAsync(IEnumerable<string> districts)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string reconcilerKey;
        while (true)
        {
            try
            {
                reconcilerKey = await CreateKeyAsync(KeyKind.Operator, string.Empty, "对账服务（压测）");
                break;
            }
            catch (GrpcStatusException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }

        foreach (var district in districts)
        {
            var key = await CreateKeyAsync(KeyKind.District, district, $"{district} 压测");
            _districtCalls[district] = new CallOptions { Timeout = TimeSpan.FromSeconds(60), Headers = new Metadata { { "authorization", $"Bearer {key}" } } };
        }

        return reconcilerKey;
    }

    public async Task<Receipt> SubmitAsync(BudgetPackage package)
    {
        var response = await Client.UnaryAsync<SubmitPackageRequest, SubmitPackageResponse>(Submit, new SubmitPackageRequest { Package = package }, _districtCalls[package.Header.DistrictCode]);
        if (response.Duplicate)
        {
            throw new InvalidOperationException("Intake took a bench variant for a duplicate: the variants must all be new content.");
        }

        return response.Receipt;
    }

    public void Dispose() => Client.Dispose();

    private async Task<string> CreateKeyAsync(KeyKind kind, string district, string name)
    {
        var response = await Client.UnaryAsync<CreateKeyRequest, CreateKeyResponse>(Keys.FindMethodByName("CreateKey"),
            new CreateKeyRequest { Kind = kind, DistrictCode = district, Name = name },
            new CallOptions { Timeout = TimeSpan.FromSeconds(10), Headers = new Metadata { { "authorization", $"Bearer {AdminKey}" } } });
        return response.Secret;
    }
}
