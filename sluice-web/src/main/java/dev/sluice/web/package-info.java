/**
 * The web dashboard: server-rendered pages (jte templates compiled at build time), vendored htmx and uPlot,
 * sessions with CSRF tokens. Pages read only through {@code sluice-query}; the few actions that need server
 * internals (the admin token, API keys) go through {@link dev.sluice.web.ServerHooks}.
 */
package dev.sluice.web;
