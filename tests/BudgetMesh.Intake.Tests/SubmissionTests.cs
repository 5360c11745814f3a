using BudgetMesh.Contracts.Events;
using BudgetMesh.Contracts.Intake.V1;

namespace BudgetMesh.Intake.Tests;

/// <summary>Acceptance 1: submit, resubmit, revise — over real PostgreSQL, RabbitMQ and gRPC.</summary>
public sealed class SubmissionTests(IntakeFixture intake) : IClassFixture<IntakeFixture>
{
    private const string SubmittedUrn = "urn:message:budgetmesh.intake.budget-submitted.v1";

    [Fact]
    public async Task A_submitted_package_is_stored_and_its_BudgetSubmitted_event_is_published_once()
    {
        var package = intake.NewPackage();

        var response = await intake.OwnDistrict.SubmitAsync(package);

        var receipt = response.Receipt;
        Assert.False(response.Duplicate);
        Assert.Equal(1, receipt.Revision);
        Assert.Equal(SubmissionStatus.Received, receipt.Status);
        Assert.Matches("^[0-9a-f]{64}$", receipt.ContentHash);
        var submitted = await intake.Probe.WaitForAsync<BudgetSubmitted>(e => e.SubmissionId.ToString() == receipt.SubmissionId);
        Assert.Equal((1, receipt.ContentHash, "500107", package.Header.DepartmentCode, "128", 2023), (submitted.Revision, submitted.ContentHash, submitted.DistrictCode, submitted.DepartmentCode, submitted.UnitCode, submitted.BudgetYear));

        var stored = await intake.OwnDistrict.GetAsync(receipt.SubmissionId, includePackage: true);
        Assert.Equal(package, stored.Package);
        Assert.Equal(receipt, stored.Receipt);
        Assert.Equal(SubmissionStatus.Received, Assert.Single(stored.History).Status);

        // A control submission's event arriving proves the probe would have seen a second one by now.
        var control = await intake.OwnDistrict.SubmitAsync(intake.NewPackage());
        await intake.Probe.WaitForAsync<BudgetSubmitted>(e => e.SubmissionId.ToString() == control.Receipt.SubmissionId);
        Assert.Single(intake.Probe.Received<BudgetSubmitted>(), e => e.SubmissionId.ToString() == receipt.SubmissionId);
    }

    [Fact]
    public async Task Resubmitting_the_same_content_returns_the_same_receipt_and_publishes_nothing()
    {
        var package = intake.NewPackage();
        var first = await intake.OwnDistrict.SubmitAsync(package);
        var id = Guid.Parse(first.Receipt.SubmissionId);

        var again = await intake.OwnDistrict.SubmitAsync(package.Clone());

        Assert.True(again.Duplicate);
        Assert.Equal(first.Receipt, again.Receipt);
        Assert.Equal(1L, await intake.ScalarAsync<long>("SELECT count(*) FROM intake.revisions WHERE submission_id = $1", id));
        Assert.Equal(1L, await intake.ScalarAsync<long>("SELECT count(*) FROM intake.outbox_messages WHERE message_urn = $1 AND payload->>'submissionId' = $2", SubmittedUrn, id.ToString()));

        var control = await intake.OwnDistrict.SubmitAsync(intake.NewPackage());
        await intake.Probe.WaitForAsync<BudgetSubmitted>(e => e.SubmissionId.ToString() == control.Receipt.SubmissionId);
        Assert.Single(intake.Probe.Received<BudgetSubmitted>(), e => e.SubmissionId == id);
    }

    [Fact]
    public async Task Changed_content_becomes_revision_2_and_supersedes_revision_1()
    {
        var package = intake.NewPackage();
        var first = await intake.OwnDistrict.SubmitAsync(package);
        package.Tables.Gf.Rows[0].Total = "999.99";

        var second = await intake.OwnDistrict.SubmitAsync(package);

        Assert.False(second.Duplicate);
        Assert.Equal(first.Receipt.SubmissionId, second.Receipt.SubmissionId);
        Assert.Equal(2, second.Receipt.Revision);
        Assert.NotEqual(first.Receipt.ContentHash, second.Receipt.ContentHash);
        var revision1 = await intake.OwnDistrict.GetAsync(first.Receipt.SubmissionId, revision: 1, includePackage: true);
        Assert.Equal(SubmissionStatus.Superseded, revision1.Receipt.Status);
        Assert.NotEqual("999.99", revision1.Package.Tables.Gf.Rows[0].Total);
        Assert.Equal(2, revision1.Summary.LatestRevision);
        Assert.Equal(SubmissionStatus.Received, revision1.Summary.Status);
        Assert.Equal(
            [(1, SubmissionStatus.Received), (2, SubmissionStatus.Received), (1, SubmissionStatus.Superseded)],
            revision1.History.Select(h => (h.Revision, h.Status)));

        var id = Guid.Parse(first.Receipt.SubmissionId);
        await intake.Probe.WaitForAsync<BudgetSubmitted>(e => e.SubmissionId == id && e.Revision == 2);
        Assert.Equal([1, 2], intake.Probe.Received<BudgetSubmitted>().Where(e => e.SubmissionId == id).Select(e => e.Revision).Order());
    }

    [Fact]
    public async Task The_stored_revision_keeps_the_exact_bytes_and_a_JSON_form()
    {
        var package = intake.NewPackage();
        var receipt = (await intake.OwnDistrict.SubmitAsync(package)).Receipt;
        var id = Guid.Parse(receipt.SubmissionId);

        var bytes = await intake.ScalarAsync<byte[]>("SELECT package_bytes FROM intake.revisions WHERE submission_id = $1", id);
        var department = await intake.ScalarAsync<string>("SELECT package_json->'header'->>'departmentCode' FROM intake.revisions WHERE submission_id = $1", id);

        Assert.Equal(Google.Protobuf.MessageExtensions.ToByteArray(package), bytes);
        Assert.Equal(package.Header.DepartmentCode, department);
    }

    [Fact]
    public async Task Listing_filters_by_district_year_department_and_status()
    {
        var package = intake.NewPackage();
        var receipt = (await intake.OwnDistrict.SubmitAsync(package)).Receipt;

        var mine = await intake.OwnDistrict.ListAsync(new ListSubmissionsRequest { DepartmentCode = package.Header.DepartmentCode, BudgetYear = 2023, Status = SubmissionStatus.Received });
        var wrongYear = await intake.Operator.ListAsync(new ListSubmissionsRequest { DepartmentCode = package.Header.DepartmentCode, BudgetYear = 2024 });
        var byName = await intake.Operator.ListAsync(new ListSubmissionsRequest { DistrictCode = IntakeFixture.Own, Query = "政务服务", PageSize = 500 });

        Assert.Equal(receipt.SubmissionId, Assert.Single(mine.Submissions).SubmissionId);
        Assert.Empty(wrongYear.Submissions);
        Assert.Contains(byName.Submissions, s => s.SubmissionId == receipt.SubmissionId);
    }

    [Fact]
    public async Task Listing_pages_through_everything_without_repeats()
    {
        for (var i = 0; i < 3; i++)
        {
            await intake.OwnDistrict.SubmitAsync(intake.NewPackage());
        }

        var seen = new List<string>();
        var token = string.Empty;
        do
        {
            var page = await intake.Operator.ListAsync(new ListSubmissionsRequest { PageSize = 2, PageToken = token });
            seen.AddRange(page.Submissions.Select(s => s.SubmissionId));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(seen.Count >= 3);
    }
}
