using BudgetMesh.Cli.Import;
using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Cli.Commands;

/// <summary>
/// Reads a package from what a user has at hand: package JSON, a published disclosure's text, or its PDF
/// (through poppler's `pdftotext -layout`). Text and PDF go through the importer.
/// </summary>
internal static class PackageFiles
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    /// <summary>The files of FILE|DIR, in name order: *.json, *.txt and *.pdf of a directory (not recursive).</summary>
    public static IReadOnlyList<FileInfo> Expand(string path)
    {
        if (Directory.Exists(path))
        {
            var files = new DirectoryInfo(path).EnumerateFiles()
                .Where(f => f.Extension.ToLowerInvariant() is ".json" or ".txt" or ".pdf")
                .OrderBy(f => f.Name, StringComparer.Ordinal)
                .ToList();
            return files.Count > 0 ? files : throw new UsageException($"目录中没有 .json、.txt 或 .pdf 文件：{path}");
        }

        return File.Exists(path) ? [new FileInfo(path)] : throw new UsageException($"文件或目录不存在：{path}");
    }

    /// <summary>The package of one file; the importer's unplaced lines go to <paramref name="unplaced"/>.</summary>
    public static async Task<BudgetPackage> LoadAsync(FileInfo file, Action<ImportResult>? imported, CancellationToken cancellationToken)
    {
        var extension = file.Extension.ToLowerInvariant();
        if (extension == ".json")
        {
            try
            {
                return Parser.Parse<BudgetPackage>(await File.ReadAllTextAsync(file.FullName, cancellationToken));
            }
            catch (InvalidProtocolBufferException ex)
            {
                throw new UsageException($"{file.Name} 不是有效的预算包 JSON：{ex.Message}");
            }
            catch (InvalidJsonException ex)
            {
                throw new UsageException($"{file.Name} 不是有效的 JSON：{ex.Message}");
            }
        }

        var text = extension == ".pdf" ? await PdfText.ExtractAsync(file.FullName, cancellationToken) : await File.ReadAllTextAsync(file.FullName, cancellationToken);
        var result = DisclosureImporter.Import(text, new ImportOptions());
        imported?.Invoke(result);
        return result.Package;
    }
}

/// <summary>poppler's `pdftotext -layout`, the one supported way to read a PDF disclosure.</summary>
internal static class PdfText
{
    public static async Task<string> ExtractAsync(string path, CancellationToken cancellationToken)
    {
        var start = new System.Diagnostics.ProcessStartInfo("pdftotext")
        {
            ArgumentList = { "-layout", "-enc", "UTF-8", path, "-" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        System.Diagnostics.Process process;
        try
        {
            process = System.Diagnostics.Process.Start(start) ?? throw new UsageException("无法启动 pdftotext。");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new UsageException("读取 PDF 需要 poppler 的 pdftotext：apt-get install -y poppler-utils");
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new UsageException($"pdftotext 无法读取 {Path.GetFileName(path)}：{(await error).Trim()}");
            }

            return await output;
        }
    }
}
