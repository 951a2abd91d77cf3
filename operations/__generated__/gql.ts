/* eslint-disable */
import * as types from './graphql';
import { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query Catalogue($first: Int = 10, $after: String, $search: String, $tag: String) {\n  contents(first: $first, after: $after, search: $search, tag: $tag) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        title\n        mediaType\n        visibility\n        price\n        currency\n        creator {\n          id\n          displayName\n        }\n      }\n    }\n  }\n}": typeof types.CatalogueDocument,
    "query PublicStories($first: Int = 10, $after: String) {\n  stories(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        title\n        description\n        tags\n        creator {\n          id\n          displayName\n        }\n        startNode {\n          id\n          title\n        }\n      }\n    }\n  }\n}": typeof types.PublicStoriesDocument,
    "query Viewer {\n  viewer {\n    id\n    email\n    displayName\n    roles\n  }\n}": typeof types.ViewerDocument,
};
const documents: Documents = {
    "query Catalogue($first: Int = 10, $after: String, $search: String, $tag: String) {\n  contents(first: $first, after: $after, search: $search, tag: $tag) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        title\n        mediaType\n        visibility\n        price\n        currency\n        creator {\n          id\n          displayName\n        }\n      }\n    }\n  }\n}": types.CatalogueDocument,
    "query PublicStories($first: Int = 10, $after: String) {\n  stories(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        title\n        description\n        tags\n        creator {\n          id\n          displayName\n        }\n        startNode {\n          id\n          title\n        }\n      }\n    }\n  }\n}": types.PublicStoriesDocument,
    "query Viewer {\n  viewer {\n    id\n    email\n    displayName\n    roles\n  }\n}": types.ViewerDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Catalogue($first: Int = 10, $after: String, $search: String, $tag: String) {\n  contents(first: $first, after: $after, search: $search, tag: $tag) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        title\n        mediaType\n        visibility\n        price\n        currency\n        creator {\n          id\n          displayName\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query Catalogue($first: Int = 10, $after: String, $search: String, $tag: String) {\n  contents(first: $first, after: $after, search: $search, tag: $tag) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        title\n        mediaType\n        visibility\n        price\n        currency\n        creator {\n          id\n          displayName\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PublicStories($first: Int = 10, $after: String) {\n  stories(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        title\n        description\n        tags\n        creator {\n          id\n          displayName\n        }\n        startNode {\n          id\n          title\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query PublicStories($first: Int = 10, $after: String) {\n  stories(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        title\n        description\n        tags\n        creator {\n          id\n          displayName\n        }\n        startNode {\n          id\n          title\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Viewer {\n  viewer {\n    id\n    email\n    displayName\n    roles\n  }\n}"): (typeof documents)["query Viewer {\n  viewer {\n    id\n    email\n    displayName\n    roles\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;