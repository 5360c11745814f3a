using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace BudgetMesh.Console.Html;

/// <summary>
/// A piece of HTML that is already safe. Built only through <see cref="Of"/>, whose interpolation holes are
/// HTML-encoded unless they are Markup themselves: submitter text cannot reach the page unencoded by accident.
/// </summary>
internal readonly record struct Markup(string Value)
{
    // Keeps Chinese readable in the page source (and in assertions) while encoding every markup character.
    internal static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static readonly Markup Empty = new(string.Empty);

    public static Markup Of(MarkupHandler handler) => new(handler.ToString());

    public static Markup Join(IEnumerable<Markup> parts) => new(string.Concat(parts.Select(p => p.Value)));

    public static string Encode(string? text) => text is null ? string.Empty : Encoder.Encode(text);

    public override string ToString() => Value;
}

/// <summary>Encodes every hole of an interpolated string, except <see cref="Markup"/> and sequences of it.</summary>
[InterpolatedStringHandler]
internal ref struct MarkupHandler
{
    private readonly StringBuilder _builder;

    public MarkupHandler(int literalLength, int formattedCount) => _builder = new StringBuilder(literalLength + (formattedCount * 16));

    public readonly void AppendLiteral(string value) => _builder.Append(value);

    public readonly void AppendFormatted(Markup value) => _builder.Append(value.Value);

    public readonly void AppendFormatted(IEnumerable<Markup> values)
    {
        foreach (var value in values)
        {
            _builder.Append(value.Value);
        }
    }

    public readonly void AppendFormatted(string? value) => _builder.Append(Markup.Encode(value));

    public readonly void AppendFormatted<T>(T value) =>
        _builder.Append(Markup.Encode(value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString()));

    public override readonly string ToString() => _builder.ToString();
}
