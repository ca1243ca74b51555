# The portal (UI and API in one process) as a container: built with the .NET SDK, run on the ASP.NET runtime image
# as its unprivileged `app` user. Build from the repository root: `docker build -t ragmemory-portal .`
# (deploy/compose.yaml does it for you).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so that a change of code reuses the restored packages.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Shared/Shared.csproj src/Shared/
COPY src/Portal.Api/Portal.Api.csproj src/Portal.Api/
COPY src/Portal/Portal.csproj src/Portal/
RUN dotnet restore src/Portal/Portal.csproj --runtime linux-x64
COPY src/ src/
# One runtime identifier keeps only Linux x64's native libraries (ONNX Runtime ships every platform's otherwise).
RUN dotnet publish src/Portal/Portal.csproj -c Release --runtime linux-x64 --self-contained false --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# USearch's native library needs OpenMP's runtime (libgomp1); ONNX Runtime needs libstdc++, already in the image.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The data folder (SQLite file, vector index, generated keys) is a volume owned by the unprivileged user.
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Storage__DataDirectory=/data
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "RagMemory.Portal.dll"]
