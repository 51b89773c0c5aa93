namespace MediaAspire.Platform.Assets;

/// <summary>Which of a tenant's assets a listing shows; every part left null shows all. Applied in SQL, so pages and
/// cursors hold only matching assets.</summary>
/// <param name="Kind">One of <see cref="AssetKinds"/>.</param>
/// <param name="NameContains">A part of the filename, any case; <c>%</c> and <c>_</c> match themselves.</param>
/// <param name="Explicit">Only assets whose verdict (of <c>VerdictModel</c>) says explicit (true) or not (false); assets
/// without a verdict match neither.</param>
/// <param name="Since">Only assets created at or after this moment.</param>
public sealed record AssetFilter(
    AssetStatus? Status = null, string? Kind = null, string? NameContains = null, bool? Explicit = null, DateTimeOffset? Since = null);
