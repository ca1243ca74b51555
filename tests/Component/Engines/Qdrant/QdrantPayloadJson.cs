using System.Globalization;
using Qdrant.Client.Grpc;

namespace RagMemory.Tests.Engines.Qdrant;

/// <summary>
/// A Qdrant payload as compact JSON, to assert what was sent at a glance. A double prints with a decimal point
/// (<c>3.0</c>) and an integer without (<c>3</c>), since which of the two was sent is part of what is asserted.
/// </summary>
public static class QdrantPayloadJson
{
    public static string Of(IDictionary<string, Value> payload) =>
        "{" + string.Join(",", payload.Select(p => $"{Quote(p.Key)}:{Of(p.Value)}")) + "}";

    public static string Of(Value value) => value.KindCase switch
    {
        Value.KindOneofCase.NullValue => "null",
        Value.KindOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        Value.KindOneofCase.IntegerValue => value.IntegerValue.ToString(CultureInfo.InvariantCulture),
        Value.KindOneofCase.DoubleValue => value.DoubleValue % 1 == 0 ? value.DoubleValue.ToString("0.0", CultureInfo.InvariantCulture) : value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        Value.KindOneofCase.StringValue => Quote(value.StringValue),
        Value.KindOneofCase.StructValue => Of(value.StructValue.Fields),
        Value.KindOneofCase.ListValue => "[" + string.Join(",", value.ListValue.Values.Select(Of)) + "]",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.KindCase, "no kind"),
    };

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text, Relaxed);
}
