using RagMemory.Errors;

namespace RagMemory.Portal;

/// <summary>What a person is told when a portal action fails: the same status categories the API answers with.</summary>
public sealed record PortalProblem(int Status, string Message)
{
    public static PortalProblem From(Exception exception) => exception switch
    {
        InvalidInputException invalid => new(400, invalid.Message),
        ConflictException conflict => new(409, conflict.Message),
        NotFoundException notFound => new(404, notFound.Message),
        _ => new(500, "An unexpected error occurred. The log has the details."),
    };

    public override string ToString() => $"{Status} · {Message}";
}
