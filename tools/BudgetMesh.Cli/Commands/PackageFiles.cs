using BudgetMesh.Cli.Import;
using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Cli.Commands;

/// <summary>
/// Reads a package from what a user has at hand: package JSON, a published disclosure's text, or its PDF
/// (read by the position of its words), or its spreadsheet (.xlsx/.xls, read by cell position). All go through the importer.
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
                .Where(f => f.Extension.ToLowerInvariant() is ".json" or ".txt" or ".pdf" or ".xlsx" or ".xls")
                .OrderBy(f => f.Name, StringComparer.Ordinal)
                .ToList();
            return files.Count > 0 ? files : throw new UsageException($"目录中没有 .json、.txt、.pdf 或 .xlsx 文件：{path}");
        }

        return File.Exists(path) ? [new FileInfo(path)] : throw new UsageException($"文件或目录不存在：{path}");
    }

    /// <summary>The package of one file; the importer's unplaced lines go to <paramref name="unplaced"/>.</summary>
    public static async Task<BudgetPackage> LoadAsync(FileInfo file, Action<ImportResult>? imported, CancellationToken cancellationToken, ImportOptions? options = null)
    {
        var extension = file.Extension.ToLowerInvariant();
        if (extension == ".json")
        {
            var text = await File.ReadAllTextAsync(file.FullName, cancellationToken);
            try
            {
                return Parser.Parse<BudgetPackage>(text);
            }
            catch (InvalidProtocolBufferException ex)
            {
                throw new UsageException($"{file.Name} 不是有效的预算包 JSON：{ex.Message}");
            }
            catch (InvalidJsonException)
            {
                throw new UsageException($"{file.Name} {JsonSyntax.Where(text)}不是有效的 JSON（语法错误：检查该处附近的逗号、引号和括号）");
            }
        }

        var result = await ImportAsync(file, options ?? new ImportOptions(), cancellationToken);
        imported?.Invoke(result);
        return result.Package;
    }

    /// <summary>A published disclosure: a PDF read by the position of its words, else text.</summary>
    public static async Task<ImportResult> ImportAsync(FileInfo file, ImportOptions options, CancellationToken cancellationToken)
    {
        if (file.Extension.Equals(".pdf", StringComparison.OrdinalIgnoreCase))
        {
            var bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
            List<Import.Layout.PrintedPage> pages;
            try
            {
                pages = Import.Layout.PdfLines.Read(bytes);
            }
            catch (Exception ex) when (ex is UglyToad.PdfPig.Core.PdfDocumentFormatException or InvalidOperationException or ArgumentException)
            {
                throw new UsageException($"{file.Name} 不是可读取的 PDF：{ex.Message}");
            }

            return Import.Layout.LayoutImporter.Import(pages, options);
        }

        if (file.Extension.ToLowerInvariant() is ".xlsx" or ".xls")
        {
            await using var stream = File.OpenRead(file.FullName);
            List<Import.Layout.PrintedPage> sheets;
            try
            {
                sheets = Import.Layout.XlsxLines.Read(stream);
            }
            catch (Exception ex) when (ex is ExcelDataReader.Exceptions.ExcelReaderException or InvalidDataException or NotSupportedException)
            {
                throw new UsageException($"{file.Name} 不是可读取的电子表格（.xlsx）文件，或已损坏");
            }

            return Import.Layout.LayoutImporter.Import(sheets, options);
        }

        return DisclosureImporter.Import(await File.ReadAllTextAsync(file.FullName, cancellationToken), options);
    }
}
