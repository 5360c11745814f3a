using System.Net;
using System.Text;
using AngleSharp.Html.Parser;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Publication.V1;
using Grpc.Core;
using BudgetMesh.Testing;
using Google.Protobuf;

namespace BudgetMesh.Publication.Tests;

/// <summary>
/// The service over real PostgreSQL, RabbitMQ and nginx (a website of its own per test), with stub Intake and
/// Reconciler gRPC servers: approve → gate → pending → pushed → published, the website down, retraction, republishing.
/// </summary>
public sealed class PublicationFlowTests(PostgresDatabaseFixture postgres, RabbitMqVirtualHostFixture rabbitMq)
    : IClassFixture<PostgresDatabaseFixture>, IClassFixture<RabbitMqVirtualHostFixture>, IAsyncLifetime
{
    private static readonly HttpClient Http = new();

    public Task InitializeAsync() => postgres.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_approved_seed_is_served_by_the_website_with_its_csv_json_and_index_entry()
    {
        await using var website = await NginxWebsite.StartAsync();
        await using var upstream = await StubUpstream.StartAsync();
        await using var host = await StartHostAsync(upstream, website);
        var package = Seeds.Package(Seeds.Dadukou2025);
        var submission = Guid.NewGuid();
        var hash = upstream.Revisions.Add(submission, 1, package);

        await host.ApproveAsync(submission, 1, hash);
        var publication = await host.WaitForAsync(submission, p => p.State == PublicationState.Published);

        Assert.Equal(("/500104/2025/103/index.html", hash, 1, "审核员甲 (operator)"), (publication.Path, publication.ContentHash, publication.Revision, publication.ApprovedBy));
        Assert.NotNull(publication.PublishedAt);
        var page = new HtmlParser().ParseDocument(await GetStringAsync(website, publication.Path));
        Assert.Equal(RenderingTests.PresentKeys(package.Tables), page.QuerySelectorAll("section.annex").Select(s => s.GetAttribute("data-table") ?? ""));

        // Every CSV's amounts are the package's own strings; GF checked cell by cell.
        var gf = await Http.GetByteArrayAsync(new Uri(website.BaseUrl, "500104/2025/103/tables/GF.csv"));
        Assert.Equal([0xEF, 0xBB, 0xBF], gf[..3]);
        var rows = Encoding.UTF8.GetString(gf[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(2).Select(l => l.Split(',')).ToList();
        Assert.Equal(package.Tables.Gf.Rows.Select(r => (r.Code, r.HasPriorYear ? r.PriorYear : "", r.HasTotal ? r.Total : "", r.HasBasic ? r.Basic : "", r.HasProject ? r.Project : "")),
            rows.Select(r => (r[0], r[2], r[3], r[4], r[5])));
        foreach (var file in publication.Files.Where(f => f.EndsWith(".csv", StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri(website.BaseUrl, file.TrimStart('/')))).StatusCode);
        }

        var json = await GetStringAsync(website, "/500104/2025/103/package.json");
        Assert.Equal(package, new JsonParser(JsonParser.Settings.Default).Parse<BudgetPackage>(json));

        var index = new HtmlParser().ParseDocument(await GetStringAsync(website, "/500104/2025/index.html"));
        Assert.Equal(["/500104/2025/103/index.html"], index.QuerySelectorAll("ul.departments li > a:first-child").Select(a => a.GetAttribute("href")));
        Assert.Contains("/500104/2025/index.html", await GetStringAsync(website, "/index.html"), StringComparison.Ordinal);

        var announced = await WaitForEventAsync(host.Published, e => e.SubmissionId == submission);
        Assert.Equal((1, hash, "/500104/2025/103/index.html"), (announced.Revision, announced.ContentHash, announced.Path));

        // The public cannot write; the write location wants the publisher's credentials.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Http.PutAsync(new Uri(website.WriteUrl, "500104/2025/103/index.html"), new StringContent("x"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Http.DeleteAsync(new Uri(website.WriteUrl, "500104/2025/103/index.html"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.DeleteAsync(new Uri(website.BaseUrl, "500104/2025/103/index.html"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri(website.BaseUrl, "500104/2025/103/index.html"))).StatusCode);
    }

    [Fact]
    public async Task Published_pages_show_every_table_in_chromium_at_desktop_and_phone_widths_and_no_submitter_script_runs()
    {
        await using var website = await NginxWebsite.StartAsync();
        await using var upstream = await StubUpstream.StartAsync();
        await using var host = await StartHostAsync(upstream, website);
        var packages = new (string Name, BudgetPackage Package)[] { ("000", Seeds.Package(Seeds.Jiulongpo2025)), ("002", Seeds.Package(Seeds.Zhengwuban2023)), ("hostile", Seeds.Hostile()) };
        var pages = new List<(string, Uri)>();
        foreach (var (name, package) in packages)
        {
            var submission = Guid.NewGuid();
            await host.ApproveAsync(submission, 1, upstream.Revisions.Add(submission, 1, package));
            var publication = await host.WaitForAsync(submission, p => p.State == PublicationState.Published);
            pages.Add((name, new Uri(website.BaseUrl, publication.Path.TrimStart('/'))));
        }

        // The website's other pages: the top and district indexes, and what an unknown address answers.
        var district = pages[0].Item2.AbsolutePath.Split('/')[1..3];
        pages.Add(("index", new Uri(website.BaseUrl, "index.html")));
        pages.Add(("district-index", new Uri(website.BaseUrl, $"{district[0]}/{district[1]}/index.html")));
        pages.Add(("not-found", new Uri(website.BaseUrl, "no/such/page.html")));

        var output = Path.Combine(AppContext.BaseDirectory, "screenshots");
        var all = await Browser.OpenAsync(output, [.. pages]);

        // Every page: no serious or critical axe violation, no English word outside the allowed codes and units.
        Assert.Equal(12, all.Count);
        foreach (var view in all.Where(v => v.Viewport == "desktop"))
        {
            Assert.True(view.Axe.Length == 0, $"{view.Page}: {string.Join("\n", view.Axe)}");
            if (view.Page == "hostile")
            {
                // Its unit, project and table names are attack strings a department typed: submitter text, not the website's.
                continue;
            }

            Assert.True(OperatorText.EnglishWords(string.Join(' ', view.Words)).Count == 0, $"{view.Page}: English words {string.Join(", ", OperatorText.EnglishWords(string.Join(' ', view.Words)))}");
        }

        var missing = all.First(v => v.Page == "not-found");
        Assert.Equal(404, missing.Status);
        Assert.Contains("页面不存在", missing.Text, StringComparison.Ordinal);
        Assert.Contains("公开日期：", all.First(v => v.Page == "district-index").Text, StringComparison.Ordinal);
        // Each disclosure page says when it went on the website: today, on Beijing's calendar (as the index does).
        var today = BudgetMesh.Publication.Rendering.DisclosureFacts.BeijingDate(DateTimeOffset.UtcNow);
        Assert.All(all.Where(v => packages.Any(p => p.Name == v.Page)), v => Assert.Matches(
            $"公开日期：({Chinese(today.AddDays(-1))}|{Chinese(today)})", v.Text));
        static string Chinese(DateOnly date) => date.ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture);

        var views = all.Where(v => packages.Any(p => p.Name == v.Page)).ToList();
        Assert.Equal(6, views.Count);
        foreach (var view in views)
        {
            var expected = RenderingTests.PresentKeys(packages.Single(p => p.Name == view.Page).Package.Tables);
            Assert.Equal(200, view.Status);
            Assert.Equal(expected, view.Tables.Select(t => t.Key));
            Assert.All(view.Tables, t => Assert.True(t.Visible, $"{view.Page}/{view.Viewport}: table {t.Key} is not visible"));
            Assert.True(view.CjkInk && view.CjkDistinct, $"{view.Page}/{view.Viewport}: Chinese renders as tofu (install fonts-noto-cjk)");
            Assert.False(view.PageOverflows, $"{view.Page}/{view.Viewport}: the page scrolls sideways");
            Assert.Contains("情况说明", view.Text, StringComparison.Ordinal);
            Assert.True(File.Exists(view.Screenshot) && new FileInfo(view.Screenshot).Length > 10_000, view.Screenshot);

            // No script ran, none was even parsed: the attack is text on the page.
            Assert.Equal(JsonValueKindNull, view.Xss.ValueKind);
            Assert.Equal((0, 0, 0), (view.Scripts, view.Images, view.Dialogs));
            Assert.Empty(view.Errors);
        }

        var hostile = views.First(v => v.Page == "hostile");
        Assert.Contains(Seeds.Attack, hostile.Text, StringComparison.Ordinal);
        Assert.Contains("<script>window.__xss='unit'</script>", hostile.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_the_website_is_down_the_publication_stays_pending_and_is_published_once_when_it_is_back()
    {
        await using var website = await NginxWebsite.StartAsync();
        await using var upstream = await StubUpstream.StartAsync();
        await using var host = await StartHostAsync(upstream, website);
        var submission = Guid.NewGuid();
        var hash = upstream.Revisions.Add(submission, 1, Seeds.Package(Seeds.Zhengwuban2023));

        await website.StopAsync();
        await host.ApproveAsync(submission, 1, hash);
        var pending = await host.WaitForAsync(submission, p => p.Attempts >= 2);
        Assert.Equal(PublicationState.Pending, pending.State);
        Assert.NotEmpty(pending.LastError);
        Assert.Empty(host.Published);

        await website.StartAgainAsync();
        var published = await host.WaitForAsync(submission, p => p.State == PublicationState.Published, TimeSpan.FromSeconds(30));
        Assert.Equal((0, ""), (published.Attempts, published.LastError));
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri(website.BaseUrl, published.Path.TrimStart('/')))).StatusCode);

        await WaitForEventAsync(host.Published, e => e.SubmissionId == submission);
        await Task.Delay(1500);
        Assert.Single(host.Published, e => e.SubmissionId == submission);
    }

    [Fact]
    public async Task While_Intake_cannot_be_reached_an_approval_stays_pending_beyond_any_consumer_retry_and_is_published_once_it_can()
    {
        await using var website = await NginxWebsite.StartAsync();
        await using var upstream = await StubUpstream.StartAsync();
        await using var host = await StartHostAsync(upstream, website);
        var submission = Guid.NewGuid();
        var hash = upstream.Revisions.Add(submission, 1, Seeds.Package(Seeds.Dadukou2025));

        upstream.Revisions.IntakeUnreachable = true;
        await host.ApproveAsync(submission, 1, hash);
        // More attempts than the consumer's ten retries: the approval is kept by Publication, not given up to an error queue.
        var waiting = await host.WaitForAsync(submission, p => p.Attempts >= 12, TimeSpan.FromSeconds(90));
        Assert.Equal(PublicationState.Pending, waiting.State);
        Assert.Contains("无法取回批准的版本", waiting.LastError, StringComparison.Ordinal);
        Assert.Empty(host.Published);

        upstream.Revisions.IntakeUnreachable = false;
        var published = await host.WaitForAsync(submission, p => p.State == PublicationState.Published, TimeSpan.FromSeconds(30));
        Assert.Equal((0, ""), (published.Attempts, published.LastError));
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri(website.BaseUrl, published.Path.TrimStart('/')))).StatusCode);
        await WaitForEventAsync(host.Published, e => e.SubmissionId == submission);
    }

    [Fact]
    public async Task Retracting_removes_the_page_and_the_index_entry_and_publishes_who_and_why()
    {
        await using var website = await NginxWebsite.StartAsync();
        await using var upstream = await StubUpstream.StartAsync();
        await using var host = await StartHostAsync(upstream, website);
        var submission = Guid.NewGuid();
        var other = Guid.NewGuid();
        await host.ApproveAsync(submission, 1, upstream.Revisions.Add(submission, 1, Seeds.Package(Seeds.Zhengwuban2023)));
        await host.ApproveAsync(other, 1, upstream.Revisions.Add(other, 1, Seeds.Package(Seeds.Jiulongpo2025)));
        var publication = await host.WaitForAsync(submission, p => p.State == PublicationState.Published);
        await host.WaitForAsync(other, p => p.State == PublicationState.Published);

        var anonymous = await Assert.ThrowsAsync<RpcException>(() => host.Client.RetractPublicationAsync(new RetractPublicationRequest { SubmissionId = submission.ToString(), Reason = "x" }, PublicationHost.As(null)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        var district = await Assert.ThrowsAsync<RpcException>(() => host.Client.RetractPublicationAsync(new RetractPublicationRequest { SubmissionId = submission.ToString(), Reason = "x" }, PublicationHost.As(StubUpstream.DistrictKey)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, district.StatusCode);
        var noReason = await Assert.ThrowsAsync<RpcException>(() => host.Client.RetractPublicationAsync(new RetractPublicationRequest { SubmissionId = submission.ToString(), Reason = " " }, PublicationHost.As()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, noReason.StatusCode);

        var retracted = (await host.Client.RetractPublicationAsync(new RetractPublicationRequest { SubmissionId = submission.ToString(), Reason = "数据有误，待更正后重新公开" }, PublicationHost.As())).Publication;

        Assert.Equal(PublicationState.Retracted, retracted.State);
        Assert.Equal(("审核员丙 (operator key op7)", "数据有误，待更正后重新公开"), (retracted.RetractedBy, retracted.RetractionReason));
        Assert.Empty(retracted.Files);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(new Uri(website.BaseUrl, publication.Path.TrimStart('/')))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(new Uri(website.BaseUrl, "500107/2023/128/tables/GF.csv"))).StatusCode);
        Assert.DoesNotContain("/500107/2023/128/", await GetStringAsync(website, "/500107/2023/index.html"), StringComparison.Ordinal);
        Assert.Contains("/500107/2025/index.html", await GetStringAsync(website, "/index.html"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri(website.BaseUrl, "500107/2025/102001/index.html"))).StatusCode);

        var recorded = await WaitForEventAsync(host.Retracted, e => e.SubmissionId == submission);
        Assert.Equal((1, "审核员丙 (operator key op7)", "数据有误，待更正后重新公开"), (recorded.Revision, recorded.RetractedBy, recorded.Reason));

        var listed = await host.Client.ListPublicationsAsync(new ListPublicationsRequest { DistrictCode = "500107", State = PublicationState.Retracted }, PublicationHost.As());
        Assert.Equal([submission.ToString()], listed.Publications.Select(p => p.SubmissionId));
        var again = await Assert.ThrowsAsync<RpcException>(() => host.Client.RepublishPublicationAsync(new RepublishPublicationRequest { SubmissionId = submission.ToString() }, PublicationHost.As()).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
    }

    [Fact]
    public async Task A_newer_approved_revision_replaces_the_old_page_and_drops_tables_it_no_longer_has()
    {
        await using var website = await NginxWebsite.StartAsync();
        await using var upstream = await StubUpstream.StartAsync();
        await using var host = await StartHostAsync(upstream, website);
        var submission = Guid.NewGuid();
        var first = Seeds.Package(Seeds.Zhengwuban2023);
        await host.ApproveAsync(submission, 1, upstream.Revisions.Add(submission, 1, first));
        var old = await host.WaitForAsync(submission, p => p.State == PublicationState.Published);
        Assert.Contains("/500107/2023/128/tables/XMG.csv", old.Files);

        var second = first.Clone();
        second.Header.UnitName = "重庆市九龙坡区政务服务管理办公室（更正版）";
        second.Tables.Xmg = null;
        var hash = upstream.Revisions.Add(submission, 2, second);
        await host.ApproveAsync(submission, 2, hash);
        var replaced = await host.WaitForAsync(submission, p => p.State == PublicationState.Published && p.Revision == 2);

        Assert.Equal((old.Path, hash), (replaced.Path, replaced.ContentHash));
        var page = await GetStringAsync(website, replaced.Path);
        Assert.Contains("（更正版）", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"table-XMG\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(new Uri(website.BaseUrl, "500107/2023/128/tables/XMG.csv"))).StatusCode);
        Assert.Contains("（更正版）", await GetStringAsync(website, "/500107/2023/index.html"), StringComparison.Ordinal);
        await WaitForEventAsync(host.Published, e => e.SubmissionId == submission && e.Revision == 2);

        // A late approval of revision 1 does not bring the old page back.
        await host.ApproveAsync(submission, 1, upstream.Revisions.Get(submission, 1)!.Hash);
        await Task.Delay(1000);
        Assert.Equal((2, PublicationState.Published), ((await host.GetAsync(submission)).Revision, (await host.GetAsync(submission)).State));

        // Republishing pushes the same bytes again and announces nothing new.
        var before = await File.ReadAllBytesAsync(Path.Combine(website.Root, "500107/2023/128/index.html"));
        var republished = (await host.Client.RepublishPublicationAsync(new RepublishPublicationRequest { SubmissionId = submission.ToString() }, PublicationHost.As())).Publication;
        Assert.Equal(PublicationState.Published, republished.State);
        Assert.Equal(before, await File.ReadAllBytesAsync(Path.Combine(website.Root, "500107/2023/128/index.html")));
        await Task.Delay(500);
        Assert.Single(host.Published, e => e.SubmissionId == submission && e.Revision == 2);
    }

    [Fact]
    public async Task The_gate_refuses_a_different_hash_and_open_errors_without_an_override_and_a_redelivery_is_taken_once()
    {
        await using var website = await NginxWebsite.StartAsync();
        await using var upstream = await StubUpstream.StartAsync();
        await using var host = await StartHostAsync(upstream, website);

        var tampered = Guid.NewGuid();
        upstream.Revisions.Add(tampered, 1, Seeds.Package(Seeds.Jiulongpo2025));
        await host.ApproveAsync(tampered, 1, new string('0', 64));
        var refused = await host.WaitForAsync(tampered, p => p.State == PublicationState.Refused);
        Assert.Contains("内容校验值不符", refused.RefusalReason, StringComparison.Ordinal);
        Assert.Empty(refused.Files);

        var errors = Guid.NewGuid();
        var errorsHash = upstream.Revisions.Add(errors, 1, Seeds.Package(Seeds.Dadukou2025), errors: 1);
        await host.ApproveAsync(errors, 1, errorsHash);
        Assert.Contains("错误", (await host.WaitForAsync(errors, p => p.State == PublicationState.Refused)).RefusalReason, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(website.Root, "500104")));

        // The operator overrides with a reason: a fresh approval of the same revision goes through, once.
        var approval = new Contracts.Events.DisclosureApproved(Guid.NewGuid(), errors, 1, errorsHash, "审核员乙 (operator)", "舍入差异，经核实无误", DateTimeOffset.UtcNow);
        await host.Bus.Publish(approval);
        await host.Bus.Publish(approval);
        var published = await host.WaitForAsync(errors, p => p.State == PublicationState.Published);
        Assert.Equal(("舍入差异，经核实无误", "审核员乙 (operator)"), (published.OverrideReason, published.ApprovedBy));
        await WaitForEventAsync(host.Published, e => e.SubmissionId == errors);
        await Task.Delay(1000);
        Assert.Single(host.Published, e => e.SubmissionId == errors);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    private Task<PublicationHost> StartHostAsync(StubUpstream upstream, NginxWebsite website) =>
        PublicationHost.StartAsync(postgres.ConnectionString, rabbitMq.AmqpUri, upstream, website);

    private static Task<string> GetStringAsync(NginxWebsite website, string path) => Http.GetStringAsync(new Uri(website.BaseUrl, path.TrimStart('/')));

    private static async Task<T> WaitForEventAsync<T>(IEnumerable<T> events, Func<T, bool> match)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < until)
        {
            if (events.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"No {typeof(T).Name} arrived.");
    }
}
