using Bunit;
using Microsoft.AspNetCore.Components;

namespace RagMemory.Tests.Portal;

/// <summary>Fills fields of a rendered page as a browser does.</summary>
public static class FormFields
{
    /// <summary>Typing fires input and leaving the field fires change; Blazor listens only to the events a field binds.</summary>
    public static void Fill<TComponent>(this IRenderedComponent<TComponent> cut, string selector, string value)
        where TComponent : IComponent
    {
        if (cut.Find(selector).HasAttribute("blazor:oninput"))
        {
            cut.Find(selector).Input(value);
        }

        if (cut.Find(selector).HasAttribute("blazor:onchange"))
        {
            cut.Find(selector).Change(value);
        }
    }
}
