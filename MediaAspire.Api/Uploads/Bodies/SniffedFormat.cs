namespace MediaAspire.Api.Uploads.Bodies;

/// <param name="Name">The container, e.g. "mp4".</param>
/// <param name="MediaType">What we record as the asset's content type: from the bytes, never from the file name.</param>
public sealed record SniffedFormat(string Name, string MediaType);
