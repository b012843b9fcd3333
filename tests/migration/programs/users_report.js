// An official-SDK program in the style of the Genesys blueprints: CommonJS (sloppy mode),
// promise chains, the shared client, API classes made without a client. The tests run it
// unchanged with `purecloud-platform-client-v2` and with only the package name changed.
const platformClient = require("purecloud-platform-client-v2");

const client = platformClient.ApiClient.instance;
// The test's stand-in for an org: a gateway in front of the sandbox.
client.setGateway({
  host: "127.0.0.1",
  port: Number(process.env.SANDBOX_PORT),
  protocol: "http",
  path_params_login: "",
  path_params_api: "",
});
// Leftover configuration, assigned as official code does (silently dropped before: sloppy mode).
client.config.refresh_access_token = false;
client.config.refresh_token_wait_max = 5;
client.config.logger.log_level = client.config.logger.logLevelEnum.level.LNone;
client.config.logger.log_format = client.config.logger.logFormatEnum.formats.JSON;
client.config.logger.setLogger();
console.log(
  `config: refresh ${client.config.refresh_access_token}, wait ${client.config.refresh_token_wait_max}, log ${client.config.logger.log_level}/${client.config.logger.log_format}`,
);

const usersApi = new platformClient.UsersApi();
const routingApi = new platformClient.RoutingApi();

client.loginClientCredentialsGrant(
  process.env.GENESYS_CLOUD_CLIENT_ID,
  process.env.GENESYS_CLOUD_CLIENT_SECRET,
)
  .then(() => {
    console.log(
      `token set: ${typeof client.authentications["PureCloud OAuth"].accessToken === "string"}`,
    );
    return usersApi.getUsers({ pageSize: 5, pageNumber: 2, sortOrder: "ASC" });
  })
  .then((data) => {
    console.log(
      `users page ${data.pageNumber} of ${data.pageCount}: ${
        data.entities.map((u) => u.name).join(", ")
      }`,
    );
    // `sortBy` was dropped from the API since this was written: official ignores it.
    return routingApi.getRoutingQueues({ pageSize: 3, name: "Billing*", sortBy: "name" });
  })
  .then((data) => {
    console.log(`queues: ${data.entities.map((q) => q.name).join(", ")}`);
    return usersApi.getUser("00000000-0000-0000-0000-000000000000");
  })
  .then(() => console.log("unexpected: found"))
  .catch((err) => {
    // Official errors are the error body: status, code, messageParams at the top level.
    console.log(`error: ${err.status} ${err.code} ${JSON.stringify(err.messageParams)}`);
  });
