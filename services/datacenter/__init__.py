"""Community basic data centre (社区基础数据中心): residents, households, buildings and houses,
organisations in the area; collected once, shared by every management system."""
