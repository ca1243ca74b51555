namespace RagMemory.Evaluation;

/// <summary>A document of an evaluation collection; <see cref="Text"/> is what every system under test indexes.</summary>
public sealed record EvaluationDocument(string Id, string Title, string Body)
{
    /// <summary>The title followed by the body, unless the body already starts with the title (as Cranfield's do).</summary>
    public string Text =>
        Title.Length == 0 || Normalise(Body).StartsWith(Normalise(Title), StringComparison.OrdinalIgnoreCase)
            ? Body
            : $"{Title}\n{Body}";

    private static string Normalise(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
