/**
 * The OpenAPI stage of docs:build: the spec is read or fetched ({@link
 * dev.buildgate.docs.openapi.OpenApiLoader}), checked and given its servers ({@link
 * dev.buildgate.docs.openapi.OpenApiSpec}) and written into the staged docs ({@link
 * dev.buildgate.docs.openapi.OpenApiInjector}).
 */
package dev.buildgate.docs.openapi;
