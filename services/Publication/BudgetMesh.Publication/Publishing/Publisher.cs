using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Events;
using BudgetMesh.Publication.Rendering;
using BudgetMesh.Publication.Website;
using BudgetMesh.ServiceDefaults.Messaging;

namespace BudgetMesh.Publication.Publishing;

/// <summary>
/// Does the website work of pending publications and retractions, then records the outcome and its event in one
/// transaction. The website is written first and the database second, so a crash in between only repeats a push
/// that produces the same bytes at the same paths. While the website is down a publication stays pending and is
/// tried again with growing, jittered delays; nothing is dropped.
/// </summary>
internal sealed class Publisher(
    PublicationStore store,
    ServiceDatabase database,
    WebsiteClient website,
    PublisherSignal signal,
    PublicationSettings settings,
    TimeProvider time,
    PublicationMetrics metrics,
    ILogger<Publisher> logger) : PublicationLoop(signal, store, settings, time, logger)
{
    protected override string Work => "Website work";

    protected override async Task<bool> PassAsync(CancellationToken cancellationToken)
    {
        // One replica's pass at a time (PublisherTurn): a disclosure is pushed once, the index by one writer.
        await using (await PublisherTurn.TakeAsync(database.DataSource, cancellationToken))
        {
            var due = await Store.DueAsync(Time.GetUtcNow(), cancellationToken);
            foreach (var record in due)
            {
                await ProcessAsync(record, cancellationToken);
            }

            return due.Count == PublicationStore.Batch;
        }
    }

    private async Task ProcessAsync(PublicationRecord record, CancellationToken cancellationToken)
    {
        using var activity = PublisherTelemetry.Start(record);
        try
        {
            if (record.State == States.Pending)
            {
                await PublishAsync(record, cancellationToken);
            }
            else
            {
                await RetractAsync(record, cancellationToken);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            await RetryLaterAsync(record, activity, string.Empty, ex, cancellationToken);
        }
    }

    private async Task PublishAsync(PublicationRecord record, CancellationToken cancellationToken)
    {
        var package = BudgetPackage.Parser.ParseFrom(record.Package ?? throw new InvalidOperationException("pending publication without its package"));
        // The page and the index carry the same publication date: the day this push puts it on the website.
        var now = Time.GetUtcNow();
        var files = DisclosureRenderer.Render(package, new DisclosureFacts(record.SubmissionId, record.Revision, record.ContentHash, DisclosureFacts.BeijingDate(now)));
        foreach (var file in files)
        {
            await website.PutAsync(file, cancellationToken);
        }

        var paths = files.Select(f => f.Path).ToList();
        foreach (var stale in record.Files.Except(paths, StringComparer.Ordinal))
        {
            await website.DeleteAsync(stale, cancellationToken);
        }

        var listed = await Store.ListedAsync(record.SubmissionId, cancellationToken);
        listed.Add(record.IndexEntry with { PublishedAt = now });
        await PushIndexesAsync(listed, record, cancellationToken);

        await using var change = await database.BeginAsync(cancellationToken);
        if (await PublicationStore.MarkPublishedAsync(change, record, paths, now, cancellationToken) && record.AnnouncedHash != record.ContentHash)
        {
            var eventId = Guid.NewGuid();
            await change.PublishAsync(eventId, new DisclosurePublished(eventId, record.SubmissionId, record.Revision, record.ContentHash, SitePaths.Page(record.Directory), now), cancellationToken);
        }

        await change.CommitAsync(cancellationToken);
        metrics.Published();
        logger.LogInformation("Published {SubmissionId} r{Revision} at {Path}", record.SubmissionId, record.Revision, record.Directory);
    }

    private async Task RetractAsync(PublicationRecord record, CancellationToken cancellationToken)
    {
        foreach (var file in record.Files)
        {
            await website.DeleteAsync(file, cancellationToken);
        }

        if (record.Directory.Length > 0)
        {
            // The folder itself, with anything in it the file list does not know (WebDAV DELETE of a collection is recursive).
            await website.DeleteAsync(record.Directory, cancellationToken);
        }

        var listed = await Store.ListedAsync(record.SubmissionId, cancellationToken);
        await PushIndexesAsync(listed, record, cancellationToken);

        var now = Time.GetUtcNow();
        await using var change = await database.BeginAsync(cancellationToken);
        if (await PublicationStore.MarkRetractedAsync(change, record, now, cancellationToken))
        {
            var eventId = Guid.NewGuid();
            await change.PublishAsync(eventId, new DisclosureRetracted(eventId, record.SubmissionId, record.Revision, record.RetractedBy ?? string.Empty, record.RetractionReason ?? string.Empty, now), cancellationToken);
        }

        await change.CommitAsync(cancellationToken);
        metrics.Retracted();
        logger.LogInformation("Retracted {SubmissionId} r{Revision} from {Path}", record.SubmissionId, record.Revision, record.Directory);
    }

    private async Task PushIndexesAsync(IReadOnlyList<IndexEntry> listed, PublicationRecord record, CancellationToken cancellationToken)
    {
        if (record.DistrictCode.Length > 0)
        {
            await website.PutAsync(IndexPages.District(record.DistrictCode, record.BudgetYear, listed), cancellationToken);
        }

        await website.PutAsync(IndexPages.Top(listed), cancellationToken);
    }
}
