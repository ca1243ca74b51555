namespace RagMemory.Api.Contracts;

/// <summary>A local account's <c>username</c> and <c>password</c>, or an API client's <c>client_id</c> and <c>client_secret</c>.</summary>
public sealed record TokenRequest(string? Username, string? Password, string? ClientId = null, string? ClientSecret = null);
