namespace MediaAspire.Api.Uploads;

/// <summary>An upload removed (aborted or expired): what its objects and its quota hold were.</summary>
/// <param name="HeldQuota">It still held its declared size and one asset of its tenant's quota, to give back.</param>
public sealed record DeletedUpload(Guid Id, Guid TenantId, long SizeBytes, bool HeldQuota);
