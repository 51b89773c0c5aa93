namespace MediaAspire.Api.Uploads.Bodies;

/// <summary>The JSON form: the seed contract's short clip as base64, or an asset already uploaded (classify endpoints).</summary>
public sealed record InlineUpload(byte[]? VideoBase64, string? Filename, Guid? AssetId = null);
