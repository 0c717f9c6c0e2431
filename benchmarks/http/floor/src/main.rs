//! The pure-Rust floor of the HTTP benchmark: `Query.user(id)` and `Query.users(first)` over
//! the same generated users as the Python servers, on async-graphql + axum, one thread (as
//! the Python servers run one worker).
//!
//! `grommet-http-floor 127.0.0.1:PORT` serves GraphQL at `/graphql` (GET and POST).

use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema, SimpleObject, ID};
use async_graphql_axum::GraphQL;
use axum::routing::post_service;
use axum::Router;

#[derive(SimpleObject, Clone)]
struct User {
    id: ID,
    name: String,
    email: String,
    age: i32,
}

/// User `i`, the same on every server (benchmarks/http/servers/data.py).
fn user(i: usize) -> User {
    User {
        id: ID(i.to_string()),
        name: format!("User {i}"),
        email: format!("user{i}@example.com"),
        age: 20 + (i % 50) as i32,
    }
}

struct Query {
    users: Vec<User>,
}

#[Object]
impl Query {
    async fn user(&self, id: ID) -> Option<&User> {
        id.parse::<usize>().ok().and_then(|i| self.users.get(i))
    }

    async fn users(&self, first: i32) -> &[User] {
        let n = usize::try_from(first).unwrap_or(0).min(self.users.len());
        &self.users[..n]
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8000".to_owned());
    let users = (0..1000).map(user).collect();
    let schema = Schema::build(Query { users }, EmptyMutation, EmptySubscription).finish();
    let service = GraphQL::new(schema);
    let app = Router::new().route("/graphql", post_service(service.clone()).get_service(service));
    let listener = tokio::net::TcpListener::bind(&address)
        .await
        .expect("bind the floor's address");
    axum::serve(listener, app).await.expect("serve");
}
