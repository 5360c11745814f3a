using BudgetMesh.Callers;
using BudgetMesh.Classification.Catalogs;
using BudgetMesh.Classification.Import;
using BudgetMesh.Classification.Rules;
using BudgetMesh.Classification.Validation;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.ServiceDefaults.Grpc;
using Grpc.Core;

namespace BudgetMesh.Classification;

/// <summary>
/// The gRPC face of the service: maps requests to the catalog and the rules, and answers with deliberate statuses.
/// The catalog queries answer anyone (the catalogs are the Ministry of Finance's published reference data); importing
/// a catalog takes an operator key; checking a package, an operator key or the reconciler's service key.
/// </summary>
internal sealed class ClassificationGrpcService(CatalogProvider catalogs, ImportCatalogHandler importer) : ClassificationService.ClassificationServiceBase
{
    private const int MaxLines = 100_000;

    [AnyCaller]
    public override async Task<ValidateLinesResponse> ValidateLines(ValidateLinesRequest request, ServerCallContext context)
    {
        RequireYear(request.BudgetYear, "budget_year");
        if (request.Lines.Count > MaxLines)
        {
            throw RpcErrors.InvalidArgument("行数过多。", ("lines", $"一次最多 {MaxLines} 行，收到 {request.Lines.Count} 行"));
        }

        var catalog = await CatalogFor(request.BudgetYear, context);
        var response = new ValidateLinesResponse { CatalogVersion = catalog.Version };
        for (var i = 0; i < request.Lines.Count; i++)
        {
            var line = request.Lines[i];
            var check = LineValidator.Validate(new CodedLine(line.Scheme, line.Code, line.PrintedName, line.Table, line.RowIndex), catalog);
            response.Results.Add(new LineResult
            {
                Index = i,
                Verdict = check.Verdict,
                CatalogComplete = check.CatalogComplete,
                ExpectedName = check.ExpectedName,
                NameBelongsTo = check.NameBelongsTo,
                Message = check.Message,
                Severity = check.Severity,
                RuleId = check.RuleId,
            });
        }

        return response;
    }

    [AnyCaller]
    public override async Task<LookupCodeResponse> LookupCode(LookupCodeRequest request, ServerCallContext context)
    {
        RequireYear(request.BudgetYear, "budget_year");
        var scheme = RequireScheme(request.Scheme);
        var code = request.Code.Trim();
        if (!CodeShape.IsDigits(code) || CodeShape.SchemeOf(code) != scheme || CodeShape.LevelOf(scheme, code.Length) is null)
        {
            throw RpcErrors.InvalidArgument("编码无效。", ("code", $"“{request.Code}”不是{CodeShape.ChineseName(scheme)}的编码"));
        }

        var catalog = await CatalogFor(request.BudgetYear, context);
        var entry = catalog.Find(scheme, code);
        return entry is null
            ? new LookupCodeResponse { Found = false, CatalogComplete = LineValidator.Validate(new CodedLine(scheme, code, string.Empty, default, 0), catalog).CatalogComplete }
            : new LookupCodeResponse { Found = true, Entry = ToProto(entry), CatalogComplete = catalog.IsComplete(scheme, entry.ParentCode) };
    }

    [AnyCaller]
    public override async Task<ListChildrenResponse> ListChildren(ListChildrenRequest request, ServerCallContext context)
    {
        RequireYear(request.BudgetYear, "budget_year");
        var scheme = RequireScheme(request.Scheme);
        var parent = request.ParentCode.Trim();
        var catalog = await CatalogFor(request.BudgetYear, context);
        if (parent.Length > 0 && catalog.Find(scheme, parent) is null)
        {
            throw RpcErrors.Status(StatusCode.NotFound, $"{CodeShape.ChineseName(scheme)}目录中没有编码 {parent}。");
        }

        var response = new ListChildrenResponse();
        response.Entries.AddRange(catalog.Children(scheme, parent).Select(ToProto));
        return response;
    }

    [AnyCaller]
    public override async Task<MapEconomicCodeResponse> MapEconomicCode(MapEconomicCodeRequest request, ServerCallContext context)
    {
        RequireYear(request.BudgetYear, "budget_year");
        var code = request.DepartmentCode.Trim();
        if (!CodeShape.IsDigits(code) || code.Length != 5 || CodeShape.SchemeOf(code) != Scheme.DepartmentEconomic)
        {
            throw RpcErrors.InvalidArgument("编码无效。", ("department_code", $"“{request.DepartmentCode}”不是部门预算支出经济分类的款级编码（5 位 3xx）"));
        }

        var institution = request.UnitKind switch
        {
            UnitKind.Administrative or UnitKind.CivilServiceManaged => false,
            UnitKind.PublicInstitution => true,
            UnitKind.DepartmentConsolidated => throw RpcErrors.InvalidArgument("单位性质无效。",
                ("unit_kind", "部门汇总同时含机关与事业单位，对照口径不同，请指定行政/参公或事业单位")),
            _ => throw RpcErrors.InvalidArgument("单位性质无效。", ("unit_kind", "必须指定单位性质")),
        };
        var catalog = await CatalogFor(request.BudgetYear, context);
        var mapping = catalog.Mapping(code);
        var target = institution ? mapping?.PublicInstitutionCode : mapping?.AdministrativeCode;
        return string.IsNullOrEmpty(target)
            ? new MapEconomicCodeResponse { Found = false }
            : new MapEconomicCodeResponse { Found = true, GovernmentCode = target, GovernmentName = catalog.Find(Scheme.GovernmentEconomic, target)?.Name ?? string.Empty };
    }

    [AnyCaller]
    public override async Task<DescribeCatalogResponse> DescribeCatalog(DescribeCatalogRequest request, ServerCallContext context)
    {
        RequireYear(request.BudgetYear, "budget_year");
        var catalog = await catalogs.GetAsync(request.BudgetYear, context.CancellationToken)
            ?? throw RpcErrors.Status(StatusCode.NotFound, $"没有 {request.BudgetYear} 年度的分类目录。");
        var response = new DescribeCatalogResponse { BudgetYear = request.BudgetYear, Version = catalog.Version, Origin = catalog.Origin };
        response.Counts.Add(new Dictionary<string, int>(catalog.Counts()));
        response.Branches.AddRange(catalog.Branches().Select(b => new BranchCompleteness { Scheme = b.Scheme, Code = b.Branch, Complete = b.Complete }));
        return response;
    }

    [RequiresKey(KeyRole.Operator)]
    public override async Task<ImportCatalogResponse> ImportCatalog(ImportCatalogRequest request, ServerCallContext context)
    {
        RequireYear(request.BudgetYear, "budget_year");
        var kind = request.IsMapping ? CatalogFile.MappingKind : CodeShape.NameOf(RequireScheme(request.Scheme));
        if (request.Csv.IsEmpty)
        {
            throw RpcErrors.InvalidArgument("目录文件为空。", ("csv", "必须提供 CSV 文件内容"));
        }

        var outcome = await importer.HandleAsync(request.BudgetYear, kind, request.Partial, request.Csv.ToByteArray(), context.CancellationToken);
        if (!outcome.Accepted)
        {
            var count = outcome.Errors.Count;
            throw RpcErrors.InvalidArgument(
                $"目录文件未导入，现行目录不变：{outcome.Errors[0]}" + (count > 1 ? $"（共 {count} 处错误）" : string.Empty),
                [.. outcome.Errors.Select(e => ("csv", e.ToString()))]);
        }

        return new ImportCatalogResponse { Version = outcome.Version, Entries = outcome.Entries };
    }

    [RequiresKey(KeyRole.OperatorOrService)]
    public override async Task<CheckPackageResponse> CheckPackage(CheckPackageRequest request, ServerCallContext context)
    {
        if (request.Package is null)
        {
            throw RpcErrors.InvalidArgument("缺少预算包。", ("package", "必须提供"));
        }

        var year = request.Package.Header?.BudgetYear ?? 0;
        RequireYear(year, "package.header.budget_year");
        var catalog = await CatalogFor(year, context);
        var response = new CheckPackageResponse { CatalogVersion = catalog.Version };
        response.Results.AddRange(ClassificationRules.Check(request.Package, catalog));
        return response;
    }

    private async Task<Catalog> CatalogFor(int budgetYear, ServerCallContext context) =>
        await catalogs.GetAsync(budgetYear, context.CancellationToken)
        ?? throw RpcErrors.Status(StatusCode.FailedPrecondition, $"没有 {budgetYear} 年度的分类目录：内置目录不含该年度，也未导入。请先导入该年度的《政府收支分类科目》。");

    private static void RequireYear(int year, string field)
    {
        if (year is < 2000 or > 2100)
        {
            throw RpcErrors.InvalidArgument("预算年度无效。", (field, $"须为 2000–2100 之间的年度，收到 {year}"));
        }
    }

    private static Scheme RequireScheme(Scheme scheme) => scheme is Scheme.Function or Scheme.DepartmentEconomic or Scheme.GovernmentEconomic
        ? scheme
        : throw RpcErrors.InvalidArgument("未指定分类。", ("scheme", "必须是功能分类、部门经济分类或政府经济分类之一"));

    private static Contracts.Classification.V1.CatalogEntry ToProto(Catalogs.CatalogEntry entry)
    {
        var proto = new Contracts.Classification.V1.CatalogEntry
        {
            Scheme = entry.Scheme,
            Code = entry.Code,
            Name = entry.Name,
            Level = entry.Level,
            ParentCode = entry.ParentCode,
            Provenance = entry.Provenance,
        };
        proto.PrintedVariants.AddRange(entry.PrintedVariants);
        return proto;
    }
}
