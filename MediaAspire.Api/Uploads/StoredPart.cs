namespace MediaAspire.Api.Uploads;

/// <summary>A received part and the object holding its bytes (each attempt at a part gets an object of its own).</summary>
public sealed record StoredPart(UploadPart Part, string StorageKey);
