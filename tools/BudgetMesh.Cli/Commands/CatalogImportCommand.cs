using System.CommandLine;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.GrpcClients;
using Google.Protobuf;
using Grpc.Core;

namespace BudgetMesh.Cli.Commands;

/// <summary>
/// `budgetmesh catalog import YEAR FILE`: sends a year's official catalog file (CSV) to the Classification service,
/// which checks every line and, if all are good, puts it in force for that year.
/// </summary>
internal static class CatalogImportCommand
{
    public const string UrlVariable = "BUDGETMESH_CLASSIFICATION_URL";
    public const string DefaultUrl = "http://127.0.0.1:5102";

    private static readonly string[] Kinds = ["function", "department-economic", "government-economic", "mapping"];

    public static Command Create(CliConsole console)
    {
        var year = new Argument<int>("YEAR") { Description = "预算年度，如 2026" };
        var file = new Argument<FileInfo>("FILE") { Description = "CSV 文件（UTF-8；列 code,name,level,parent_code,…；对照表为 dept_code,gov_code_administrative,gov_code_public_institution,…）" };
        var scheme = new Option<string>("--scheme")
        {
            Description = "文件的分类：function（功能分类）、department-economic（部门经济分类）、government-economic（政府经济分类）或 mapping（对照表）",
            DefaultValueFactory = _ => "function",
        };
        scheme.AcceptOnlyFromAmong(Kinds);
        var partial = new Option<bool>("--partial") { Description = "文件只含部分科目：补充到现行目录，而不是替换整个分类" };
        var url = new Option<string?>("--url") { Description = $"分类服务地址（默认取 {UrlVariable}，否则 {DefaultUrl}）" };
        var key = new Option<string?>("--key") { Description = $"操作员API密钥（默认取 {ConnectionOptions.KeyVariable}）" };

        var command = new Command("import", "导入某年度的正式分类目录（需要操作员密钥）") { year, file, scheme, partial, url, key };
        command.SetAction((result, cancellationToken) => RunAsync(
            console,
            result.GetValue(year),
            result.GetValue(file)!,
            result.GetValue(scheme)!,
            result.GetValue(partial),
            result.GetValue(url) ?? console.Environment(UrlVariable) ?? DefaultUrl,
            result.GetValue(key) ?? console.Environment(ConnectionOptions.KeyVariable),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, int year, FileInfo file, string kind, bool partial, string url, string? key, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            await console.Error.WriteLineAsync($"文件不存在：{file.FullName}");
            return ExitCodes.InvalidInput;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var address))
        {
            await console.Error.WriteLineAsync($"服务地址无效：{url}");
            return ExitCodes.InvalidInput;
        }

        var request = new ImportCatalogRequest
        {
            BudgetYear = year,
            Scheme = kind switch
            {
                "department-economic" => Scheme.DepartmentEconomic,
                "government-economic" => Scheme.GovernmentEconomic,
                "mapping" => Scheme.Unspecified,
                _ => Scheme.Function,
            },
            IsMapping = kind == "mapping",
            Partial = partial,
            Csv = ByteString.CopyFrom(await File.ReadAllBytesAsync(file.FullName, cancellationToken)),
        };

        // One attempt: a CLI user wants to know at once that the service is down, not after retries.
        using var channel = new GrpcPeerChannel(address, GrpcClientPolicy.Interactive());
        try
        {
            var response = await new ClassificationService.ClassificationServiceClient(channel.CallInvoker).ImportCatalogAsync(request,
                string.IsNullOrWhiteSpace(key) ? [] : new Metadata { { "authorization", $"Bearer {key.Trim()}" } },
                DateTime.UtcNow.AddSeconds(60), cancellationToken);
            await console.Output.WriteLineAsync($"已导入 {year} 年度 {kind}：{response.Entries} 条，目录版本 {response.Version}");
            return ExitCodes.Ok;
        }
        catch (RpcException ex)
        {
            // In Chinese, naming the service and its address; the detail comes from the server and never contains the key sent.
            var failure = CommandRunner.Describe(new ServiceCallException("分类服务", PeerAddress.Single(address), ex))!;
            foreach (var line in failure.Lines)
            {
                await console.Error.WriteLineAsync(line);
            }

            return failure.Code;
        }
    }
}
