using Npgsql;
using NpgsqlTypes;

namespace MediaAspire.Platform.Tenancy;

/// <summary>
/// Which tenant's rows a caller may reach, handed to every repository method a user's request ends in. Rows are
/// filtered by it in SQL (<see cref="Sql"/> plus <see cref="AddTo"/>), never after reading, so another tenant's
/// id finds nothing: the endpoint answers 404, as for an id that does not exist.
/// </summary>
/// <param name="TenantId">The tenant new rows go into.</param>
/// <param name="AllTenants">The operator's scope (and the platform's own services): reads every tenant; new rows still go into <see cref="TenantId"/>.</param>
public readonly record struct TenantScope(Guid TenantId, bool AllTenants)
{
    /// <summary>The parameter <see cref="Sql"/> reads; a query takes no other parameter of this name.</summary>
    public const string Parameter = "tenant";

    /// <summary>The tenant that owns everything stored before tenants existed, and the operator's own uploads (migration 0007).</summary>
    public static readonly Guid DefaultTenantId = new("00000000-0000-0000-0000-000000000001");

    public const string DefaultTenantName = "default";

    /// <summary>Every tenant: the operator key, and the worker and sweepers acting for whichever tenant owns a row.</summary>
    public static TenantScope Everyone { get; } = new(DefaultTenantId, AllTenants: true);

    public static TenantScope Of(Guid tenantId) => new(tenantId, AllTenants: false);

    /// <summary>The filter for a query's WHERE clause: <c>tenant_id</c> (of <paramref name="alias"/>, when the query joins) is the caller's tenant, or anything for <see cref="Everyone"/>.</summary>
    public static string Sql(string? alias = null) =>
        $"(@{Parameter}::uuid IS NULL OR {(alias is null ? "" : alias + ".")}tenant_id = @{Parameter})";

    /// <summary>Binds the <see cref="Sql"/> filter's parameter.</summary>
    public NpgsqlCommand AddTo(NpgsqlCommand command)
    {
        command.Parameters.Add(new NpgsqlParameter(Parameter, NpgsqlDbType.Uuid) { Value = AllTenants ? DBNull.Value : TenantId });
        return command;
    }
}
