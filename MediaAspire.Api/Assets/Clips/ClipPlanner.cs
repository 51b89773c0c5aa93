using System.Globalization;
using MediaAspire.Api.Assets.Highlights;
using MediaAspire.Platform.Captions;
using MediaAspire.Platform.Clips;
using MediaAspire.Platform.Highlights;

namespace MediaAspire.Api.Assets.Clips;

/// <summary>
/// Turns a clips request into the clips to cut: ranges clamped to the source's duration, inverted, empty, wholly
/// outside or too short ones refused with the reason, each named by its <see cref="ClipIdentity"/> (duplicates in one
/// request collapse into one clip).
/// </summary>
public static class ClipPlanner
{
    /// <param name="highlights">The asset's highlights (for highlight_ids and all_highlights).</param>
    /// <exception cref="ClipRequestException">The request cannot be cut as asked.</exception>
    /// <param name="hasVideo">Whether the source has a picture (vertical clips need one).</param>
    /// <param name="storedTranscript">The transcript stored with the asset: a vertical request's captions when it has no captions_vtt.</param>
    public static IReadOnlyList<PlannedClip> Plan(Guid sourceAssetId, double duration, bool hasVideo, ClipsRequest request, IReadOnlyList<Highlight> highlights,
        HighlightOptions options, string? storedTranscript = null)
    {
        var selectors = (request.HighlightIds is not null ? 1 : 0) + (request.Ranges is not null ? 1 : 0) + (request.AllHighlights == true ? 1 : 0);
        if (selectors != 1)
            throw new ClipRequestException("Say which clips", "Give exactly one of highlight_ids, ranges or all_highlights: true.");
        var mode = request.Mode ?? ClipModes.Copy;
        if (!ClipModes.All.Contains(mode))
            throw new ClipRequestException("Unknown mode", $"mode must be one of {string.Join(", ", ClipModes.All)}; got \"{mode}\".");
        if (mode == ClipModes.Vertical && !hasVideo)
            throw new ClipRequestException("No picture to crop", "The asset has no video stream, so it cannot be cut vertical; use copy or precise.");
        if (request.CaptionsVtt is not null)
        {
            if (mode != ClipModes.Vertical)
                throw new ClipRequestException("Captions need vertical mode", "captions_vtt is burned into vertical clips only; set mode to vertical or leave captions_vtt out.");
            try
            {
                TimedText.Parse(request.CaptionsVtt);
            }
            catch (FormatException e)
            {
                throw new ClipRequestException("Unreadable captions", e.Message);
            }
        }

        var wanted = new List<(double Start, double End, Guid? HighlightId, string What)>();
        if (request.Ranges is { } ranges)
            wanted.AddRange(ranges.Select((r, i) => (r.Start, r.End, (Guid?)null, $"ranges[{i}]")));
        else if (request.HighlightIds is { } ids)
        {
            var unknown = ids.Where(i => highlights.All(h => h.Id != i)).ToList();
            if (unknown.Count > 0)
                throw new ClipRequestException("Unknown highlight", $"Not highlights of this asset: {string.Join(", ", unknown)}.");
            wanted.AddRange(ids.Distinct().Select(i => highlights.Single(h => h.Id == i)).Select(h => (h.Start, h.End, (Guid?)h.Id, $"highlight {h.Id}")));
        }
        else
        {
            if (highlights.Count == 0)
                throw new ClipRequestException("No highlights", "The asset has no highlights yet: POST /api/assets/{id}/highlights first, or give ranges.");
            wanted.AddRange(highlights.Select(h => (h.Start, h.End, (Guid?)h.Id, $"highlight {h.Id}")));
        }
        if (wanted.Count == 0) throw new ClipRequestException("No clips", "The request names no clip.");
        if (wanted.Count > options.MaxClipsPerRequest)
            throw new ClipRequestException("Too many clips", $"At most {options.MaxClipsPerRequest} clips per request; this one asks for {wanted.Count}.");

        // The captions are part of the clip's identity: a new transcript stored makes new vertical clips, not the old ones again.
        var captions = request.CaptionsVtt ?? (mode == ClipModes.Vertical ? storedTranscript : null);
        var planned = new List<PlannedClip>();
        foreach (var (start, end, highlightId, what) in wanted)
        {
            var (clampedStart, clampedEnd) = Clamp(start, end, duration, what, options.MinClipSeconds);
            var (key, id) = ClipIdentity.For(sourceAssetId, clampedStart, clampedEnd, mode, captions);
            if (planned.All(p => p.Key != key)) planned.Add(new PlannedClip(id, key, highlightId, mode, clampedStart, clampedEnd, captions));
        }
        return planned;
    }

    private static (double Start, double End) Clamp(double start, double end, double duration, string what, double minSeconds)
    {
        if (!double.IsFinite(start) || !double.IsFinite(end))
            throw new ClipRequestException("Bad range", $"{what}: start and end must be numbers of seconds.");
        if (end <= start)
            throw new ClipRequestException(end == start ? "Empty range" : "Inverted range",
                Invariant($"{what}: end ({end:0.###} s) must be after start ({start:0.###} s)."));
        if (start >= duration || end <= 0)
            throw new ClipRequestException("Range outside the recording",
                Invariant($"{what}: {start:0.###}–{end:0.###} s lies wholly outside the recording (0–{duration:0.###} s)."));
        var (clampedStart, clampedEnd) = (Math.Max(0, start), Math.Min(duration, end));
        if (clampedEnd - clampedStart < minSeconds)
            throw new ClipRequestException("Range too short",
                Invariant($"{what}: {clampedStart:0.###}–{clampedEnd:0.###} s (within the recording) is shorter than the {minSeconds:0.###} s a clip needs."));
        // Milliseconds: the identity and the cut use the same numbers.
        return (Math.Round(clampedStart, 3), Math.Round(clampedEnd, 3));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
