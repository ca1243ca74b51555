using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using RagMemory.Engines;

namespace RagMemory.State.PostgreSql;

/// <summary>
/// The data-protection keys behind the sign-in cookie and antiforgery tokens, in the shared database: every replica
/// reads the same key ring, so a cookie or a form token one replica issued is accepted by any other.
/// </summary>
public sealed class PostgreSqlXmlRepository(PostgreSqlDatabase database) : IXmlRepository, IDescribesEngine
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var read = database.Command("SELECT xml FROM data_protection_keys ORDER BY id;");
        using var reader = read.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var insert = database.Command("INSERT INTO data_protection_keys(friendly_name, xml) VALUES ($1, $2) ON CONFLICT (friendly_name) DO UPDATE SET xml = excluded.xml;");
        insert.Parameters.Add(new() { Value = friendlyName });
        insert.Parameters.Add(new() { Value = element.ToString(SaveOptions.DisableFormatting) });
        insert.ExecuteNonQuery();
    }

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        database.DescribeAsync([("data-protection keys", "data_protection_keys")], cancellationToken);
}
