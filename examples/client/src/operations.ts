// The operations this example frontend ships. `npm run codegen` types them and writes
// examples/client/generated/persisted-documents.json, the manifest a server can be held to.
import { graphql } from '../generated/gql.js';

export const AssetsPage = graphql(`
  query ExampleAssetsPage($first: Int!, $status: AssetStatus) {
    assets(first: $first, filter: { status: $status }, orderBy: { field: NAME, direction: ASC }) {
      totalCount
      edges { node { id assetTag name status assignedUser { name } } }
    }
  }
`);

export const RenameAsset = graphql(`
  mutation ExampleRenameAsset($id: UUID!, $name: String!) {
    updateAsset(id: $id, input: { name: $name }) { id name }
  }
`);
