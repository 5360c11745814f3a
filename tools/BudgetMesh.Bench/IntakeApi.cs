using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.GrpcClients;
using Grpc.Core;

namespace BudgetMesh.Bench;

/// <summary>Intake as a district system and an administrator see it: keys, and submissions with each district's own key.</summary>
internal sealed class IntakeApi : IDisposable
{
    /// <summary>The bootstrap administrator key the bench hands to its Intake (BUDGETMESH_BOOTSTRAP_ADMIN_KEY).</summary>
    public static readonly string AdminKey = "bm_benchadmin_" + new string('B', 43);

    private readonly Dictionary<string, Metadata> _districtKeys = new(StringComparer.Ordinal);
    private readonly GrpcPeerChannel _channel;

    public IntakeApi(Uri address)
        : this(PeerAddress.Single(address))
    {
    }

    /// <summary>Intake's replicas, calls balanced across them, with district keys made elsewhere.</summary>
    public IntakeApi(PeerAddress replicas, IReadOnlyDictionary<string, string> districtKeys)
        : this(replicas)
    {
        foreach (var (district, key) in districtKeys)
        {
            _districtKeys[district] = new Metadata { { "authorization", $"Bearer {key}" } };
        }
    }

    private IntakeApi(PeerAddress address)
    {
        // No retries: a refused submission must show up as a failure, not as a slower success.
        _channel = new GrpcPeerChannel(address, new GrpcClientPolicy { MaxRetryAttempts = 0, DefaultDeadline = TimeSpan.FromSeconds(60) });
        Intake = new IntakeService.IntakeServiceClient(_channel.CallInvoker);
        Keys = new KeyService.KeyServiceClient(_channel.CallInvoker);
    }

    private IntakeService.IntakeServiceClient Intake { get; }

    private KeyService.KeyServiceClient Keys { get; }

    /// <summary>Creates the keys (retrying while Intake finishes starting) and returns the operator key for the reconciler.</summary>
    public async Task<string> CreateKeysAsync(IEnumerable<string> districts)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string reconcilerKey;
        while (true)
        {
            try
            {
                reconcilerKey = await CreateKeyAsync(KeyKind.Service, string.Empty, "对账服务（压测）");
                break;
            }
            catch (RpcException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }

        foreach (var district in districts)
        {
            var key = await CreateKeyAsync(KeyKind.District, district, $"{district} 压测");
            _districtKeys[district] = new Metadata { { "authorization", $"Bearer {key}" } };
        }

        return reconcilerKey;
    }

    public async Task<Receipt> SubmitAsync(BudgetPackage package)
    {
        var response = await Intake.SubmitPackageAsync(new SubmitPackageRequest { Package = package }, _districtKeys[package.Header.DistrictCode],
            DateTime.UtcNow.AddSeconds(60));
        if (response.Duplicate)
        {
            throw new InvalidOperationException("Intake took a bench variant for a duplicate: the variants must all be new content.");
        }

        return response.Receipt;
    }

    public void Dispose() => _channel.Dispose();

    private async Task<string> CreateKeyAsync(KeyKind kind, string district, string name)
    {
        var response = await Keys.CreateKeyAsync(new CreateKeyRequest { Kind = kind, DistrictCode = district, Name = name },
            new Metadata { { "authorization", $"Bearer {AdminKey}" } }, DateTime.UtcNow.AddSeconds(10));
        return response.Secret;
    }
}
