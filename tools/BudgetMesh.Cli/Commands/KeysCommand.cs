using System.CommandLine;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.GrpcClients;
using Grpc.Core;

namespace BudgetMesh.Cli.Commands;

/// <summary>
/// `budgetmesh keys create|list|revoke`: the API keys of district systems and operators, managed on Intake with
/// an admin key. A new key is printed once, on standard output, and nowhere else.
/// </summary>
internal static class KeysCommand
{
    public const string UrlVariable = "BUDGETMESH_INTAKE_URL";
    public const string KeyVariable = "BUDGETMESH_KEY";
    public const string DefaultUrl = "http://127.0.0.1:5101";

    public static Command Create(CliConsole console)
    {
        // --intake-url as every other command names it; --url still accepted for existing scripts.
        var url = new Option<string?>("--intake-url", "--url") { Description = $"受理服务地址（默认取 {UrlVariable}，否则 {DefaultUrl}）", Recursive = true };
        var key = new Option<string?>("--key") { Description = $"管理员密钥（默认取 {KeyVariable}）", Recursive = true };
        var keys = new Command("keys", "API密钥（区县系统、操作员与系统服务）") { url, key };
        keys.Add(CreateCommand(console, url, key));
        keys.Add(ListCommand(console, url, key));
        keys.Add(RevokeCommand(console, url, key));
        return keys;
    }

    private static Command CreateCommand(CliConsole console, Option<string?> url, Option<string?> key)
    {
        var kind = new Option<string>("--kind") { Description = "密钥类型：district（区县系统）、operator（操作员）、admin（管理员）或 service（系统服务：校核服务、发布服务）", Required = true };
        kind.AcceptOnlyFromAmong("district", "operator", "admin", "service");
        var district = new Option<string?>("--district") { Description = "区县密钥绑定的6位区划代码" };
        var name = new Option<string>("--name") { Description = "名称，如“九龙坡区预算管理一体化系统”", Required = true };
        var command = new Command("create", "创建密钥（密钥只显示这一次）") { kind, district, name };
        command.SetAction((result, cancellationToken) => CallAsync(console, result, url, key, async (client, options) =>
        {
            var request = new CreateKeyRequest
            {
                Kind = result.GetValue(kind) switch { "admin" => KeyKind.Admin, "operator" => KeyKind.Operator, "service" => KeyKind.Service, _ => KeyKind.District },
                DistrictCode = result.GetValue(district) ?? string.Empty,
                Name = result.GetValue(name)!,
            };
            var response = await client.CreateKeyAsync(request, options);
            await console.Output.WriteLineAsync($"已创建{Describe(response.Key)}");
            await console.Output.WriteLineAsync("密钥（只显示这一次，请妥善保存）：");
            await console.Output.WriteLineAsync(response.Secret);
        }, cancellationToken));
        return command;
    }

    private static Command ListCommand(CliConsole console, Option<string?> url, Option<string?> key)
    {
        var all = new Option<bool>("--all") { Description = "包括已吊销的密钥" };
        var command = new Command("list", "列出密钥（不含密钥本身）") { all };
        command.SetAction((result, cancellationToken) => CallAsync(console, result, url, key, async (client, options) =>
        {
            var response = await client.ListKeysAsync(new ListKeysRequest { IncludeRevoked = result.GetValue(all) }, options);
            foreach (var item in response.Keys)
            {
                await console.Output.WriteLineAsync(Describe(item));
            }
        }, cancellationToken));
        return command;
    }

    private static Command RevokeCommand(CliConsole console, Option<string?> url, Option<string?> key)
    {
        var keyId = new Argument<string>("KEYID") { Description = "密钥编号（bm_ 与第二个下划线之间的部分）" };
        var reason = new Option<string?>("--reason") { Description = "吊销原因（记入审计）" };
        var command = new Command("revoke", "吊销密钥，立即失效") { keyId, reason };
        command.SetAction((result, cancellationToken) => CallAsync(console, result, url, key, async (client, options) =>
        {
            var response = await client.RevokeKeyAsync(new RevokeKeyRequest { KeyId = result.GetValue(keyId)!, Reason = result.GetValue(reason) ?? string.Empty }, options);
            await console.Output.WriteLineAsync($"已吊销{Describe(response.Key)}");
        }, cancellationToken));
        return command;
    }

    private static async Task<int> CallAsync(CliConsole console, ParseResult result, Option<string?> urlOption, Option<string?> keyOption,
        Func<KeyService.KeyServiceClient, CallOptions, Task> call, CancellationToken cancellationToken)
    {
        var url = result.GetValue(urlOption) ?? console.Environment(UrlVariable) ?? DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address))
        {
            await console.Error.WriteLineAsync($"服务地址无效：{url}");
            return ExitCodes.InvalidInput;
        }

        var key = result.GetValue(keyOption) ?? console.Environment(KeyVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            await console.Error.WriteLineAsync($"缺少管理员密钥：使用 --key 或设置 {KeyVariable}");
            return ExitCodes.InvalidInput;
        }

        // One attempt: a CLI user wants to know at once that the service is down, not after retries.
        using var channel = new GrpcPeerChannel(address, GrpcClientPolicy.Interactive());
        var options = new CallOptions(new Metadata { { "authorization", $"Bearer {key.Trim()}" } }, DateTime.UtcNow.AddSeconds(30), cancellationToken);
        try
        {
            await call(new KeyService.KeyServiceClient(channel.CallInvoker), options);
            return ExitCodes.Ok;
        }
        catch (RpcException ex)
        {
            // In Chinese, naming the service and its address; the detail comes from the server and never contains the key sent.
            var failure = CommandRunner.Describe(new ServiceCallException("受理服务", PeerAddress.Single(address), ex))!;
            foreach (var line in failure.Lines)
            {
                await console.Error.WriteLineAsync(line);
            }

            return failure.Code;
        }
    }


    private static string Describe(ApiKey key)
    {
        var kind = key.Kind switch { KeyKind.District => $"区县密钥 {key.DistrictCode}", KeyKind.Admin => "管理员密钥", KeyKind.Service => "系统服务密钥", _ => "操作员密钥" };
        var revoked = key.RevokedAt is null ? string.Empty : $"  已吊销 {StatusWords.Time(key.RevokedAt.ToDateTimeOffset())[..16]}（北京时间）";
        return $"{key.KeyId}  {kind}  {key.Name}  创建于 {StatusWords.Time(key.CreatedAt.ToDateTimeOffset())[..16]}（北京时间）{revoked}";
    }
}
