using System.Text.RegularExpressions;

namespace MediaAspire.GpuWorker.Scoring;

/// <summary>
/// Pulls the exported literal out of a browserify UMD bundle such as nsfwjs' model.min.js, whose single
/// module body is <c>x.exports={...}</c> (an object literal) or <c>x.exports="..."</c> (a string). Read as
/// text so the worker needs no JavaScript engine at run time.
/// </summary>
internal static partial class UmdModuleExport
{
    // The UMD header's "module.exports=e()" is not followed by a literal, so the first match is the module body.
    [GeneratedRegex("""\.exports=(?=[{"])""")]
    private static partial Regex ExportAssignment();

    public static string ReadObjectLiteral(string source)
    {
        var start = LiteralStart(source);
        if (source[start] != '{') throw new InvalidDataException("The module does not export an object literal.");
        var depth = 0;
        for (var i = start; i < source.Length; i++)
        {
            switch (source[i])
            {
                case '"':
                    i = EndOfString(source, i);
                    break;
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']':
                    if (--depth == 0) return source[start..(i + 1)];
                    break;
            }
        }
        throw new InvalidDataException("The exported object literal is not closed.");
    }

    public static string ReadStringLiteral(string source)
    {
        var start = LiteralStart(source);
        if (source[start] != '"') throw new InvalidDataException("The module does not export a string literal.");
        var end = EndOfString(source, start);
        return source[(start + 1)..end];
    }

    private static int LiteralStart(string source)
    {
        var match = ExportAssignment().Match(source);
        if (!match.Success) throw new InvalidDataException("No `exports=` literal found: not a UMD module bundle.");
        return match.Index + match.Length;
    }

    /// <summary>Index of the closing quote of the string that opens at <paramref name="open"/>.</summary>
    internal static int EndOfString(string source, int open)
    {
        for (var i = open + 1; i < source.Length; i++)
        {
            if (source[i] == '\\') i++;
            else if (source[i] == '"') return i;
        }
        throw new InvalidDataException("Unterminated string literal.");
    }
}
