using Microsoft.AspNetCore.Authorization;

namespace MediaAspire.Api.ApiKeys;

/// <summary>What a key may do: <c>read</c> may GET, <c>write</c> may upload, classify, cut and delete,
/// <c>admin</c> manages its tenant's keys and starts backfills.</summary>
public static class ApiScopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Read, Write, Admin];

    /// <summary>A key created without scopes uses the API but does not administer it.</summary>
    public static readonly IReadOnlyList<string> Default = [Read, Write];

    /// <summary>The scope the request's endpoint needs: admin where it says so, otherwise <see cref="ForMethod"/>.</summary>
    public static string RequiredBy(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == ApiKeyAuthenticationHandler.AdminPolicy) == true
            ? Admin
            : ForMethod(context.Request.Method);

    /// <summary>The scope an ordinary endpoint needs: reading for safe methods, writing for the rest.</summary>
    public static string ForMethod(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) ? Read : Write;
}
