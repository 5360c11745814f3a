using System.Text;
using System.Text.Json;

namespace BudgetMesh.Cli.Commands;

/// <summary>Where a JSON text first breaks its syntax, as a person finds it in an editor: 第N行第M列 (both from 1).</summary>
internal static class JsonSyntax
{
    public static string Where(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
            return string.Empty;
        }
        catch (JsonException ex) when (ex.LineNumber is { } line && ex.BytePositionInLine is { } bytes)
        {
            // The reader counts bytes of UTF-8 within the line; an editor counts characters.
            var lines = text.Split('\n');
            var lineText = line < lines.Length ? lines[line] : string.Empty;
            var encoded = Encoding.UTF8.GetBytes(lineText);
            var column = Encoding.UTF8.GetCharCount(encoded, 0, (int)Math.Min(bytes, encoded.Length)) + 1;
            return $"第{line + 1}行第{column}列";
        }
    }
}
