using MediaAspire.Platform.Renditions;

namespace MediaAspire.Api.Assets.Renditions;

/// <param name="Url">Where to download it (for HLS: the master playlist; its variants and segments resolve relative to it).</param>
public sealed record RenditionResponse(string Kind, string ContentType, int? Width, int? Height, long SizeBytes, double? DurationSeconds, string Url)
{
    public static RenditionResponse From(Rendition r) => new(r.Kind, r.ContentType, r.Width, r.Height, r.SizeBytes, r.DurationSeconds,
        r.Kind == RenditionKinds.Hls ? $"/api/assets/{r.AssetId}/renditions/hls/master.m3u8" : $"/api/assets/{r.AssetId}/renditions/{r.Kind}");
}
