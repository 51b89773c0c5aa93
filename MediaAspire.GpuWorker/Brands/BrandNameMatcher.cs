using System.Globalization;
using System.Text;
using MediaAspire.Platform.Brands;

namespace MediaAspire.GpuWorker.Brands;

/// <summary>
/// Finds brand names (and aliases) in a line of on-screen text: case-insensitive, on word boundaries (a name never
/// matches inside a longer word: "Nova" is not in "Novartis"), tolerant of OCR's character errors on long names
/// (Levenshtein distance 1 from 6 letters, 2 from 10) and of a space it dropped or added inside a long name.
/// </summary>
public sealed class BrandNameMatcher(IReadOnlyList<BrandDefinition> brands)
{
    private readonly IReadOnlyList<(BrandDefinition Brand, string[] Words, string Joined)> _names = brands
        .SelectMany(b => new[] { b.Name }.Concat(b.Aliases).Select(n => (Brand: b, Words: Words(n))))
        .Where(n => n.Words.Length > 0)
        .Select(n => (n.Brand, n.Words, string.Concat(n.Words)))
        .ToList();

    /// <summary>Each brand found in <paramref name="text"/>, with how closely (1 exact, down to 0.8 with two errors in ten letters).</summary>
    public IReadOnlyList<(BrandDefinition Brand, double Similarity)> Find(string text)
    {
        var words = Words(text);
        var found = new Dictionary<Guid, (BrandDefinition Brand, double Similarity)>();
        foreach (var (brand, nameWords, joined) in _names)
        {
            var allowed = AllowedErrors(joined.Length);
            // Windows of the name's word count; for long names also one word more or fewer (a space OCR added or dropped).
            var sizes = allowed > 0 ? new[] { nameWords.Length, nameWords.Length - 1, nameWords.Length + 1 } : [nameWords.Length];
            foreach (var size in sizes.Where(s => s >= 1 && s <= words.Length))
            {
                for (var i = 0; i + size <= words.Length; i++)
                {
                    // A short name must be its words exactly; a long one may differ by a few letters once spaces are set aside.
                    var distance = allowed == 0
                        ? (words.AsSpan(i, size).SequenceEqual(nameWords) ? 0 : int.MaxValue)
                        : Levenshtein(string.Concat(words.Skip(i).Take(size)), joined, allowed);
                    if (distance > allowed) continue;
                    var similarity = 1 - (double)distance / joined.Length;
                    if (!found.TryGetValue(brand.Id, out var kept) || kept.Similarity < similarity) found[brand.Id] = (brand, similarity);
                }
            }
        }
        return found.Values.ToList();
    }

    /// <summary>OCR errors tolerated in a name of this many letters and digits.</summary>
    public static int AllowedErrors(int length) => length >= 10 ? 2 : length >= 6 ? 1 : 0;

    /// <summary>Lower-case words of letters and digits (accents removed); anything else separates words.</summary>
    internal static string[] Words(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            builder.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }
        return builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Edit distance, or more than <paramref name="bound"/> as soon as it must be.</summary>
    internal static int Levenshtein(string a, string b, int bound)
    {
        if (Math.Abs(a.Length - b.Length) > bound) return bound + 1;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                rowMin = Math.Min(rowMin, current[j]);
            }
            if (rowMin > bound) return bound + 1;
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
