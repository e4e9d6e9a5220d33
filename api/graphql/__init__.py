"""The GraphQL layer: Strawberry types built from view rows, resolvers that read the views,
mutations that call the application service, and the subscription."""
