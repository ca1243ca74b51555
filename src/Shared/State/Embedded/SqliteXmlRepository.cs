using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using RagMemory.Storage;

namespace RagMemory.State.Embedded;

/// <summary>
/// The data-protection keys behind the sign-in cookie and antiforgery tokens, in the data folder's SQLite file. Left to
/// ASP.NET's default they live in the user profile, so a container restart (or a copy of the data folder onto another
/// machine) signed everyone out.
/// </summary>
public sealed class SqliteXmlRepository(SqliteDatabase database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT xml FROM data_protection_keys ORDER BY id;";
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
        using var connection = database.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO data_protection_keys(friendly_name, xml) VALUES ($name, $xml) ON CONFLICT(friendly_name) DO UPDATE SET xml = excluded.xml;";
        insert.Parameters.AddWithValue("$name", friendlyName);
        insert.Parameters.AddWithValue("$xml", element.ToString(SaveOptions.DisableFormatting));
        insert.ExecuteNonQuery();
    }
}
