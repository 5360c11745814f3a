using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Contracts.Tests;

/// <summary>Where one fixture table is printed in the seed text.</summary>
public sealed record Segment(int HeaderLine, int From, int To, IReadOnlyList<TextRow> Rows);

/// <summary>
/// Locates every fixture table in the annex part of its seed text: by annex label, else by printed title; a table that
/// lost both is found as the coded rows left over after another table's own rows.
/// </summary>
public sealed class SeedLayout
{
    private readonly Dictionary<string, Segment> _segments = new(StringComparer.Ordinal);

    public SeedLayout(BudgetPackage package, SeedText text)
    {
        Tables = PrintedTables.Of(package);
        Lines = text.AnnexLines(package.Narrative?.Text ?? "");
        var titles = Tables.Select(t => t.Meta?.PrintedTitle ?? "").Where(t => t.Length > 0).Distinct().ToList();

        var searchFrom = 0;
        foreach (var table in Tables)
        {
            var meta = table.Meta ?? new TableMeta();
            var from = table.Key == "xj" ? searchFrom : 0;
            var header = LocateHeader(meta, from);
            if (header is null)
            {
                continue; // headerless: placed below
            }

            var (start, headerEnd) = header.Value;
            var end = Lines.Count;
            for (var i = headerEnd + 1; i < Lines.Count; i++)
            {
                if (SeedText.IsAnnexLabelLine(Lines[i]) || titles.Any(t => SeedText.IsTitleLine(Lines[i], t)))
                {
                    end = i;
                    break;
                }
            }

            _segments[table.Id] = new Segment(start, headerEnd + 1, end, SeedText.Rows(Lines, headerEnd + 1, end));
            if (table.Key == "xj")
            {
                searchFrom = headerEnd + 1;
            }
        }

        // Headerless tables: the coded rows printed in some located table's segment after that table's own rows.
        var headerless = Tables.Where(t => !_segments.ContainsKey(t.Id)).ToList();
        foreach (var (id, segment) in _segments.ToList())
        {
            var owner = Tables.Single(t => t.Id == id);
            var printed = CodedRowCodes(segment.Rows);
            var own = owner.HasCodedRows ? owner.RowCodes : [];
            var leftover = printed.Count >= own.Count && printed.Take(own.Count).SequenceEqual(own)
                ? printed.Skip(own.Count).ToList()
                : null;
            if (leftover is null || leftover.Count == 0)
            {
                continue;
            }

            var match = headerless.FirstOrDefault(h => h.RowCodes.SequenceEqual(leftover));
            if (match is not null)
            {
                _segments[match.Id] = segment;
                Leftovers[id] = match.Id;
                headerless.Remove(match);
            }
        }
    }

    /// <summary>The fixture's tables.</summary>
    public IReadOnlyList<PrintedTable> Tables { get; }

    /// <summary>The annex lines of the seed text.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>Segments whose trailing coded rows belong to a headerless table: owner id → headerless table id.</summary>
    public Dictionary<string, string> Leftovers { get; } = new(StringComparer.Ordinal);

    /// <summary>The table's segment, or null when it could not be located.</summary>
    public Segment? SegmentOf(string tableId) => _segments.GetValueOrDefault(tableId);

    /// <summary>The codes of coded rows (3/5/7-digit first cell), in printed order.</summary>
    public static List<string> CodedRowCodes(IEnumerable<TextRow> rows) =>
        rows.Where(r => r.Cells.Count > 0 && SeedText.IsClassificationCode(r.Cells[0])).Select(r => r.Cells[0].Trim()).ToList();

    private (int Start, int HeaderEnd)? LocateHeader(TableMeta meta, int from)
    {
        var label = meta.AnnexLabel.Trim();
        var title = meta.PrintedTitle.Trim();
        if (label.Length > 0)
        {
            for (var i = from; i < Lines.Count; i++)
            {
                if (Lines[i].Trim() == label)
                {
                    var headerEnd = i;
                    for (var j = i + 1; j < Math.Min(Lines.Count, i + 8) && title.Length > 0; j++)
                    {
                        if (SeedText.IsTitleLine(Lines[j], title))
                        {
                            headerEnd = j;
                            break;
                        }
                    }

                    return (i, headerEnd);
                }
            }
        }

        if (title.Length > 0)
        {
            for (var i = from; i < Lines.Count; i++)
            {
                if (SeedText.IsTitleLine(Lines[i], title))
                {
                    return (i, i);
                }
            }
        }

        return null;
    }

    /// <summary>Runs one row check against the table's segment; returns null when it holds, else what differs.</summary>
    public string? Verify(PrintedTable table, RowCheck check)
    {
        var segment = SegmentOf(table.Id);
        if (segment is null)
        {
            return $"{table.Id}: table not found in the seed text";
        }

        List<string> printed;
        var texts = new List<string>();
        if (check.Collect == Collect.Segment)
        {
            printed = segment.Rows.SelectMany(r => r.Cells).Where(SeedText.IsNumber).Select(SeedText.NormalizeNumber).ToList();
        }
        else
        {
            var found = Find(segment, check);
            if (found is null)
            {
                return $"{table.Id} {check.What}: row not found in the seed text (occurrence {check.Occurrence})";
            }

            var (row, cell) = found.Value;
            var after = row.Cells.Skip(cell + 1).Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
            texts = after;
            printed = check.Collect == Collect.Run
                ? after.TakeWhile(SeedText.IsNumber).Select(SeedText.NormalizeNumber).ToList()
                : after.Where(SeedText.IsNumber).Select(SeedText.NormalizeNumber).ToList();
        }

        var ok = check.Compare switch
        {
            Compare.Exact => printed.SequenceEqual(check.Numbers),
            Compare.Prefix => printed.Count >= check.Numbers.Count && printed.Take(check.Numbers.Count).SequenceEqual(check.Numbers),
            _ => IsSubsequence(check.Numbers, printed),
        };
        if (!ok)
        {
            return $"{table.Id} {check.What}: fixture [{string.Join(", ", check.Numbers)}] vs printed [{string.Join(", ", printed)}] ({check.Compare})";
        }

        var missing = check.Texts.Where(t => !texts.Contains(t.Trim())).ToList();
        return missing.Count == 0 ? null : $"{table.Id} {check.What}: printed row lacks [{string.Join(", ", missing)}]";
    }

    private static (TextRow Row, int Cell)? Find(Segment segment, RowCheck check)
    {
        var seen = 0;
        foreach (var row in segment.Rows)
        {
            for (var c = 0; c < row.Cells.Count; c++)
            {
                if (check.Anchor!(row.Cells[c]) && (check.NextCell is null ||
                    row.Cells.Skip(c + 1).Select(x => x.Trim()).FirstOrDefault(x => x.Length > 0) == check.NextCell))
                {
                    if (seen == check.Occurrence)
                    {
                        return (row, c);
                    }

                    seen++;
                }
            }
        }

        return null;
    }

    private static bool IsSubsequence(IReadOnlyList<string> wanted, IReadOnlyList<string> within)
    {
        var j = 0;
        foreach (var w in within)
        {
            if (j < wanted.Count && w == wanted[j])
            {
                j++;
            }
        }

        return j == wanted.Count;
    }
}
