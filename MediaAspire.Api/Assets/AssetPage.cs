using MediaAspire.Platform.Assets;

namespace MediaAspire.Api.Assets;

/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record AssetPage(IReadOnlyList<Asset> Items, string? NextCursor);
