using System.Globalization;
using System.Text;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Processes;
using MediaAspire.Platform.Renditions;

namespace MediaAspire.GpuWorker.Renditions;

/// <summary>
/// Pipeline stage "renditions": a local source file and its probe in, a <see cref="RenditionSet"/> in
/// <c>outputDirectory</c> out, from one ffmpeg process (<see cref="RenditionPlan"/>). On any failure or
/// cancel the output directory is removed, so no partial rendition survives.
/// </summary>
public sealed class RenditionMaker
{
    public async Task<RenditionSet> MakeAsync(
        string source, MediaProbe probe, string outputDirectory, RenditionSettings settings,
        Func<double, Task>? onProgress, CancellationToken cancellationToken)
    {
        var plan = RenditionPlan.Create(probe, Path.GetFullPath(source), settings);
        Directory.CreateDirectory(outputDirectory);
        try
        {
            foreach (var variant in plan.HlsVariants) Directory.CreateDirectory(Path.Combine(outputDirectory, Path.GetDirectoryName(variant.Playlist)!));
            await FfmpegLauncher.RunAsync(new FfmpegCommand(FfmpegTool.Ffmpeg, plan.Arguments) { WorkingDirectory = outputDirectory, Purpose = "make the renditions" },
                cancellationToken, onProgress, probe.DurationSeconds);
            if (plan.HlsVariants.Count > 0) await WriteMasterPlaylistAsync(outputDirectory, plan, cancellationToken);
            return Collect(outputDirectory, plan);
        }
        catch
        {
            Directory.Delete(outputDirectory, recursive: true);
            throw;
        }
    }

    private static RenditionSet Collect(string outputDirectory, RenditionPlan plan)
    {
        var files = Directory.EnumerateFiles(outputDirectory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(outputDirectory, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var renditions = plan.Outputs.Select(o =>
        {
            var path = Path.Combine(outputDirectory, o.RelativePath);
            if (!File.Exists(path) || new FileInfo(path).Length == 0)
                throw new FfmpegFailedException($"ffmpeg finished without making the {o.Kind}; the source may hold no decodable frames.");
            var size = o.Kind == RenditionKinds.Hls
                ? files.Where(f => f.StartsWith("hls/", StringComparison.Ordinal)).Sum(f => new FileInfo(Path.Combine(outputDirectory, f)).Length)
                : new FileInfo(path).Length;
            return new RenditionFile(o.Kind, o.RelativePath, o.ContentType, o.Width, o.Height, size, o.DurationSeconds);
        }).ToList();
        return new RenditionSet(renditions, files);
    }

    /// <summary>The master playlist names each variant with its measured bandwidth and size, so players pick by their connection.</summary>
    private static async Task WriteMasterPlaylistAsync(string outputDirectory, RenditionPlan plan, CancellationToken cancellationToken)
    {
        var master = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n");
        foreach (var variant in plan.HlsVariants)
        {
            var variantDirectory = Path.Combine(outputDirectory, Path.GetDirectoryName(variant.Playlist)!);
            var segments = Directory.GetFiles(variantDirectory, "*.ts");
            var bytes = segments.Sum(s => new FileInfo(s).Length);
            var seconds = await PlaylistSecondsAsync(Path.Combine(outputDirectory, variant.Playlist), cancellationToken);
            var bandwidth = seconds > 0 ? (long)(bytes * 8 / seconds) : 1_000_000;
            master.Append(CultureInfo.InvariantCulture, $"#EXT-X-STREAM-INF:BANDWIDTH={bandwidth},RESOLUTION={variant.Width}x{variant.Height}\n");
            // Relative to the master: hls/360p/index.m3u8 → 360p/index.m3u8.
            master.Append(variant.Playlist["hls/".Length..]).Append('\n');
        }
        await File.WriteAllTextAsync(Path.Combine(outputDirectory, RenditionPlan.HlsMaster), master.ToString(), cancellationToken);
    }

    private static async Task<double> PlaylistSecondsAsync(string playlist, CancellationToken cancellationToken) =>
        (await File.ReadAllLinesAsync(playlist, cancellationToken))
            .Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal))
            .Sum(l => double.Parse(l["#EXTINF:".Length..].TrimEnd(','), CultureInfo.InvariantCulture));
}
