"""Exchange interface (数据交换接口): the token-authenticated API and the batch files through which third
parties (social security bureau, banks) read and update data-centre records within their granted scope."""
