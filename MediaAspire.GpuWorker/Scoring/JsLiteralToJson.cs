using System.Text;

namespace MediaAspire.GpuWorker.Scoring;

/// <summary>
/// Rewrites a minified JavaScript object literal as strict JSON: quotes bare keys, turns the minifier's
/// <c>!0</c>/<c>!1</c> into true/false and gives numbers like <c>.5</c> their leading zero. Enough for
/// the data-only literals tfjs model bundles contain (no functions, no expressions).
/// </summary>
internal static class JsLiteralToJson
{
    public static string Convert(string literal)
    {
        var json = new StringBuilder(literal.Length + literal.Length / 8);
        for (var i = 0; i < literal.Length; i++)
        {
            var c = literal[i];
            if (c == '"')
            {
                var end = UmdModuleExport.EndOfString(literal, i);
                json.Append(literal, i, end - i + 1);
                i = end;
            }
            else if (c == '!' && i + 1 < literal.Length && literal[i + 1] is '0' or '1')
            {
                json.Append(literal[i + 1] == '0' ? "true" : "false");
                i++;
            }
            else if (c == '.' && (i == 0 || !char.IsAsciiDigit(literal[i - 1])))
            {
                json.Append("0.");
            }
            else if (char.IsAsciiLetter(c) || c is '_' or '$')
            {
                var end = i;
                while (end < literal.Length && (char.IsAsciiLetterOrDigit(literal[end]) || literal[end] is '_' or '$')) end++;
                var word = literal[i..end];
                var isKey = end < literal.Length && literal[end] == ':';
                if (isKey) json.Append('"').Append(word).Append('"');
                else if (word is "null" or "true" or "false") json.Append(word);
                else if (IsExponent(literal, i, word)) json.Append(word);
                else throw new InvalidDataException($"Unsupported JavaScript token '{word}' at {i}: not a data-only literal.");
                i = end - 1;
            }
            else
            {
                json.Append(c);
            }
        }
        return json.ToString();
    }

    // "1e-3": the scan reaches the 'e' as a word start; it belongs to the number before it.
    private static bool IsExponent(string literal, int start, string word) =>
        start > 0 && char.IsAsciiDigit(literal[start - 1]) && (word == "e" || word == "E" || word.TrimStart('e', 'E').All(char.IsAsciiDigit));
}
